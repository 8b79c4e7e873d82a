// KeyCache.cpp - atomic swap of key sets, and the fingerprint used in logs.
#include "KeyCache.h"

#include <Poco/Logger.h>

#include <openssl/evp.h>

#include <cstdio>

namespace polymur {

KeyCache::KeyCache() : _keys(std::make_shared<const Map>()) {}

void KeyCache::publish(const KeyMap& keys)
{
    auto next = std::make_shared<Map>(keys.begin(), keys.end());
    auto previous = snapshot();
    std::size_t added = 0;
    std::size_t removed = 0;
    for (const auto& [key, name] : *next)
    {
        auto it = previous->find(key);
        if (it == previous->end() || it->second != name)
            ++added;
    }
    for (const auto& [key, name] : *previous)
    {
        auto it = next->find(key);
        if (it == next->end() || it->second != name)
            ++removed;
    }
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _keys = std::move(next);
    }
    if (added || removed)
        Poco::Logger::get("polymur").information("API keys refreshed: %z new, %z removed", added, removed);
}

std::shared_ptr<const KeyCache::Map> KeyCache::snapshot() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _keys;
}

std::optional<std::string> KeyCache::lookup(std::string_view key) const
{
    auto keys = snapshot();
    auto it = keys->find(std::string(key));
    if (it == keys->end())
        return std::nullopt;
    return it->second;
}

std::size_t KeyCache::size() const
{
    return snapshot()->size();
}

std::string keyFingerprint(std::string_view key)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr);
    char text[16];
    std::snprintf(text, sizeof(text), "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    return std::string("sha256:") + text;
}

} // namespace polymur
