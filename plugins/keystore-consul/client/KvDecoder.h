// KvDecoder.h - decoding of Consul's KV JSON answers (GET /v1/kv/...): an
// array of {"Key", "Value" (base64 or null), "ModifyIndex", ...}. Pure
// functions; errors never quote values (they may be API keys).
#pragma once

#include <Poco/Exception.h>

#include <cstdint>
#include <string>
#include <vector>

namespace polymur {
namespace consul {

/// One KV entry as Consul lists it.
struct KvEntry
{
    std::string key;              ///< Full KV path, e.g. "polymur/gateway/keys/alice".
    std::string value;            ///< Decoded value; empty when hasValue is false.
    bool hasValue = false;        ///< False for a null Value (a "folder" entry).
    std::uint64_t modifyIndex = 0;///< 0 when absent.
};

/// A KV answer that is not what Consul sends.
POCO_DECLARE_EXCEPTION(, KvDecodeException, Poco::DataFormatException)

/// Decodes the body of a KV read. Throws KvDecodeException when the body is
/// not JSON, not an array, an element is not an object, "Key" is missing or
/// not a string, "Value" is neither null nor valid base64, or "ModifyIndex"
/// is present but not a non-negative integer. Any such flaw rejects the whole
/// answer: a partial key set must never replace a complete one.
std::vector<KvEntry> decodeKvList(const std::string& body);

} // namespace consul
} // namespace polymur
