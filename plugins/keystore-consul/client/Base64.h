// Base64.h - strict standard base64 decoding (Consul KV values) and
// URL-safe unpadded encoding (generated API keys). Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace polymur {
namespace consul {

/// Decodes standard base64 (RFC 4648 section 4, "+/", '=' padding required
/// to a multiple of 4 characters). Returns false, leaving `out` unspecified,
/// on any character outside the alphabet, bad padding or bad length.
bool decodeBase64(std::string_view in, std::string& out);

/// Encodes `data` as URL-safe base64 ("-_") without padding.
std::string encodeBase64Url(std::string_view data);

} // namespace consul
} // namespace polymur
