// PluginInfo.h - an owned copy of what a plugin library says about itself,
// plus where it was found.
#pragma once

#include "polymur/PluginDescriptor.h"

#include <string>
#include <vector>

namespace polymur {

struct ConfigKeyInfo
{
    std::string key;
    std::string defaultValue;
    std::string doc;
};

struct PluginInfo
{
    std::string path;    ///< Absolute path of the .so.
    std::string section; ///< INI section of its settings: file name minus "polymur-" and ".so".
    PluginKind kind = PluginKind::Output;
    std::string name;
    std::string version;
    std::string description;
    int sdkMajor = 0;
    int sdkMinor = 0;
    std::vector<ConfigKeyInfo> keys;

    /// The descriptor default of `key`, or nullptr when it is not declared.
    const ConfigKeyInfo* findKey(const std::string& key) const
    {
        for (const auto& k : keys)
            if (k.key == key)
                return &k;
        return nullptr;
    }
};

} // namespace polymur
