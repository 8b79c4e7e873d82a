// SectionPluginConfig.cpp - typed reads of a plugin's section.
#include "SectionPluginConfig.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace polymur {

SectionPluginConfig::SectionPluginConfig(const Poco::Util::AbstractConfiguration& settings, const PluginInfo& info)
    : _settings(settings), _info(info)
{
}

std::string SectionPluginConfig::getString(const std::string& key) const
{
    const ConfigKeyInfo* spec = _info.findKey(key);
    if (!spec)
        throw Poco::NotFoundException("plugin " + _info.name + " reads config key '" + key +
                                      "' that its descriptor does not declare");
    return Poco::trim(_settings.getString(_info.section + "." + key, spec->defaultValue));
}

long long SectionPluginConfig::getInt(const std::string& key) const
{
    const std::string value = getString(key);
    Poco::Int64 n = 0;
    if (!Poco::NumberParser::tryParse64(value, n))
        throw Poco::SyntaxException("[" + _info.section + "] " + key + " must be an integer, got '" + value + "'");
    return n;
}

double SectionPluginConfig::getDouble(const std::string& key) const
{
    const std::string value = getString(key);
    double d = 0;
    if (!Poco::NumberParser::tryParseFloat(value, d))
        throw Poco::SyntaxException("[" + _info.section + "] " + key + " must be a number, got '" + value + "'");
    return d;
}

bool SectionPluginConfig::getBool(const std::string& key) const
{
    const std::string value = getString(key);
    bool b = false;
    if (!Poco::NumberParser::tryParseBool(value, b))
        throw Poco::SyntaxException("[" + _info.section + "] " + key + " must be true or false, got '" + value + "'");
    return b;
}

std::string SectionPluginConfig::getGlobal(const std::string& key, const std::string& fallback) const
{
    return _settings.getString(key, fallback);
}

std::string SectionPluginConfig::instanceName() const
{
    return std::string(pluginKindName(_info.kind)) + ":" + _info.name;
}

std::vector<std::string> SectionPluginConfig::unknownKeys() const
{
    std::vector<std::string> unknown;
    Poco::Util::AbstractConfiguration::Keys keys;
    _settings.keys(_info.section, keys);
    for (const auto& key : keys)
        if (!_info.findKey(key))
            unknown.push_back(key);
    return unknown;
}

} // namespace polymur
