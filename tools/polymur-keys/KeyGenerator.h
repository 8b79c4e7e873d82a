// KeyGenerator.h - new API keys: random bytes from OpenSSL's CSPRNG,
// written in URL-safe base64 without padding (safe in headers, shells, URLs).
#pragma once

#include <cstddef>
#include <string>

namespace polymur {
namespace keys {

/// Bytes of randomness in a generated key: 192 bits, 32 characters.
inline constexpr std::size_t kKeyBytes = 24;

/// A new key of `bytes` random bytes (at least 16). Throws
/// Poco::InvalidArgumentException for fewer, Poco::SystemException when
/// OpenSSL cannot produce random bytes.
std::string generateApiKey(std::size_t bytes = kKeyBytes);

} // namespace keys
} // namespace polymur
