// KeyCache.h - the in-memory API key set every request checks. Key stores
// publish whole sets; lookups see either the old or the new set.
#pragma once

#include "polymur/KeyStore.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace polymur {

class KeyCache : public KeyPublisher
{
public:
    KeyCache();

    void publish(const KeyMap& keys) override;

    /// The key's name, or nothing when the key is not valid.
    std::optional<std::string> lookup(std::string_view key) const;

    std::size_t size() const;

private:
    using Map = std::unordered_map<std::string, std::string>;

    std::shared_ptr<const Map> snapshot() const;

    mutable std::mutex _mutex;
    std::shared_ptr<const Map> _keys;
};

/// Short non-reversible fingerprint of a secret for logs: "sha256:1a2b3c4d".
std::string keyFingerprint(std::string_view key);

} // namespace polymur
