// MapPluginConfig.h - a PluginConfig for tests that load a plugin directly:
// values from a map, the descriptor's defaults for keys not in the map, and
// the same strictness as the core (an undeclared key throws).
#pragma once

#include "polymur/PluginConfig.h"
#include "polymur/PluginDescriptor.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <map>
#include <string>

namespace polymur::test {

class MapPluginConfig : public PluginConfig
{
public:
    /// `values` must only hold keys the descriptor declares.
    MapPluginConfig(const PluginDescriptor& descriptor, std::map<std::string, std::string> values = {},
                    std::map<std::string, std::string> globals = {})
        : _descriptor(descriptor), _values(std::move(values)), _globals(std::move(globals))
    {
        for (const auto& entry : _values)
            spec(entry.first);
    }

    void set(const std::string& key, const std::string& value)
    {
        spec(key);
        _values[key] = value;
    }

    std::string getString(const std::string& key) const override
    {
        const ConfigKeySpec& s = spec(key);
        const auto it = _values.find(key);
        return Poco::trim(it == _values.end() ? std::string(s.defaultValue) : it->second);
    }

    long long getInt(const std::string& key) const override
    {
        Poco::Int64 n = 0;
        if (!Poco::NumberParser::tryParse64(getString(key), n))
            throw Poco::SyntaxException(key + " must be an integer, got '" + getString(key) + "'");
        return n;
    }

    double getDouble(const std::string& key) const override
    {
        double d = 0;
        if (!Poco::NumberParser::tryParseFloat(getString(key), d))
            throw Poco::SyntaxException(key + " must be a number, got '" + getString(key) + "'");
        return d;
    }

    bool getBool(const std::string& key) const override
    {
        bool b = false;
        if (!Poco::NumberParser::tryParseBool(getString(key), b))
            throw Poco::SyntaxException(key + " must be true or false, got '" + getString(key) + "'");
        return b;
    }

    std::string getGlobal(const std::string& key, const std::string& fallback) const override
    {
        const auto it = _globals.find(key);
        return it == _globals.end() ? fallback : it->second;
    }

    std::string instanceName() const override
    {
        return std::string(pluginKindName(_descriptor.kind)) + ":" + _descriptor.name;
    }

private:
    const ConfigKeySpec& spec(const std::string& key) const
    {
        for (std::size_t i = 0; i < _descriptor.configKeyCount; ++i)
        {
            if (key == _descriptor.configKeys[i].key)
                return _descriptor.configKeys[i];
        }
        throw Poco::NotFoundException("plugin " + std::string(_descriptor.name) + " has no config key '" + key + "'");
    }

    const PluginDescriptor& _descriptor;
    std::map<std::string, std::string> _values;
    std::map<std::string, std::string> _globals;
};

} // namespace polymur::test
