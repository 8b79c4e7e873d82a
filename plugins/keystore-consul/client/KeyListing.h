// KeyListing.h - the API-key layout in Consul KV: one entry per key under a
// prefix, "<prefix><name>" = key. Pure functions shared by the key store
// plugin and the polymur-keys tool.
#pragma once

#include "KvDecoder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace polymur {
namespace consul {

/// Default prefix, the original gateway's layout.
inline constexpr const char* kDefaultKeyPrefix = "polymur/gateway/keys/";

/// One API key found under the prefix.
struct NamedKey
{
    std::string name;             ///< KV path after the prefix ("alice", "team/bob").
    std::string key;              ///< The API key itself.
    std::uint64_t modifyIndex = 0;
};

/// "polymur/gateway/keys" or "/polymur/gateway/keys/" -> "polymur/gateway/keys/".
/// Throws Poco::InvalidArgumentException for an empty prefix (it would
/// expose the whole KV store as keys).
std::string normalizePrefix(const std::string& prefix);

/// The entries under `prefix` (normalized) that hold a key, in Consul's
/// order (sorted by path). Skipped: entries outside the prefix, the prefix's
/// own "folder" entry, entries with a null or empty value (an empty key must
/// never be accepted).
std::vector<NamedKey> namedKeys(const std::vector<KvEntry>& entries, const std::string& prefix);

/// Whether `name` is usable as a key name: not empty, no leading or
/// trailing '/', no "//", no control characters.
bool isValidKeyName(const std::string& name);

} // namespace consul
} // namespace polymur
