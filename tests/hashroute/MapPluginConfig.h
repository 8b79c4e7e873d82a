// MapPluginConfig.h - a PluginConfig over a key/value map with the defaults
// of a plugin descriptor, for driving a plugin library directly in a runtime
// test (the core's own implementation reads the INI file).
#pragma once

#include "polymur/PluginConfig.h"
#include "polymur/PluginDescriptor.h"

#include <map>
#include <stdexcept>
#include <string>

namespace polymur {
namespace test {

class MapPluginConfig : public PluginConfig
{
public:
    MapPluginConfig(const PluginDescriptor& descriptor, std::map<std::string, std::string> values)
        : _descriptor(descriptor)
        , _values(std::move(values))
    {
    }

    std::string getString(const std::string& key) const override
    {
        for (std::size_t i = 0; i < _descriptor.configKeyCount; ++i)
        {
            if (key == _descriptor.configKeys[i].key)
            {
                const auto it = _values.find(key);
                return it != _values.end() ? it->second : _descriptor.configKeys[i].defaultValue;
            }
        }
        throw std::logic_error("config key '" + key + "' is not declared by plugin " + _descriptor.name);
    }

    long long getInt(const std::string& key) const override { return std::stoll(getString(key)); }
    double getDouble(const std::string& key) const override { return std::stod(getString(key)); }

    bool getBool(const std::string& key) const override
    {
        const std::string v = getString(key);
        if (v == "on" || v == "true" || v == "yes" || v == "1")
            return true;
        if (v == "off" || v == "false" || v == "no" || v == "0")
            return false;
        throw std::invalid_argument("not a boolean: " + v);
    }

    std::string getGlobal(const std::string&, const std::string& fallback) const override { return fallback; }
    std::string instanceName() const override { return std::string("distribution:") + _descriptor.name; }

private:
    const PluginDescriptor& _descriptor;
    std::map<std::string, std::string> _values;
};

} // namespace test
} // namespace polymur
