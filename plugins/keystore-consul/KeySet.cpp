// KeySet.cpp - key -> name map from the keys under the Consul prefix.
#include "KeySet.h"

namespace polymur {
namespace consul {

KeyMap buildKeyMap(const std::vector<NamedKey>& keys, std::vector<std::string>& shadowed)
{
    KeyMap map;
    shadowed.clear();
    for (const NamedKey& key : keys)
    {
        const auto [it, inserted] = map.emplace(key.key, key.name);
        if (!inserted)
            shadowed.push_back(key.name + " (same key as " + it->second + ")");
    }
    return map;
}

} // namespace consul
} // namespace polymur
