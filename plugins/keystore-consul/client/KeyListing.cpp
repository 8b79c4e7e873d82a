// KeyListing.cpp - API keys under a Consul KV prefix.
#include "KeyListing.h"

#include <Poco/Exception.h>

namespace polymur {
namespace consul {

std::string normalizePrefix(const std::string& prefix)
{
    std::string p = prefix;
    while (!p.empty() && p.front() == '/')
        p.erase(0, 1);
    if (p.empty())
        throw Poco::InvalidArgumentException("the Consul key prefix must not be empty");
    if (p.back() != '/')
        p.push_back('/');
    return p;
}

std::vector<NamedKey> namedKeys(const std::vector<KvEntry>& entries, const std::string& prefix)
{
    std::vector<NamedKey> keys;
    keys.reserve(entries.size());
    for (const KvEntry& entry : entries)
    {
        if (entry.key.size() <= prefix.size() || entry.key.compare(0, prefix.size(), prefix) != 0)
            continue;
        if (!entry.hasValue || entry.value.empty())
            continue;
        keys.push_back(NamedKey{entry.key.substr(prefix.size()), entry.value, entry.modifyIndex});
    }
    return keys;
}

bool isValidKeyName(const std::string& name)
{
    if (name.empty() || name.front() == '/' || name.back() == '/')
        return false;
    if (name.find("//") != std::string::npos)
        return false;
    for (const char c : name)
    {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return false;
    }
    return true;
}

} // namespace consul
} // namespace polymur
