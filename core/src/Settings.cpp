// Settings.cpp - builds the configuration layers.
#include "Settings.h"

#include "GatewayFlags.h"

#include <Poco/Environment.h>
#include <Poco/Path.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

namespace polymur {

namespace {
// LayeredConfiguration: the lower priority number wins.
constexpr int kFlagPriority = 10;
constexpr int kEnvPriority = 20;
constexpr int kIniPriority = 30;
constexpr int kDefaultPriority = 40;
} // namespace

Settings::Settings(const std::map<std::string, std::string>& overrides, const std::string& workingDir)
    : _layers(new Poco::Util::LayeredConfiguration), _workingDir(workingDir)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    Poco::AutoPtr<Poco::Util::MapConfiguration> env(new Poco::Util::MapConfiguration);
    Poco::AutoPtr<Poco::Util::MapConfiguration> flags(new Poco::Util::MapConfiguration);
    for (const auto& spec : gatewayFlags())
    {
        defaults->setString(spec.key, spec.defaultValue);
        const std::string envName = flagEnvironmentName(spec.flag);
        if (Poco::Environment::has(envName))
            env->setString(spec.key, Poco::Environment::get(envName));
    }
    defaults->setString("plugins.keystore", "consul");
    defaults->setString("plugins.output", "graphite");
    // Plugins resolve their relative paths against this (see PluginConfig::getGlobal).
    defaults->setString("runtime.working-dir", workingDir);
    for (const auto& [key, value] : overrides)
        flags->setString(key, value);
    _flags = flags;

    _layers->add(flags, kFlagPriority);
    _layers->add(env, kEnvPriority);
    _layers->add(defaults, kDefaultPriority);

    const std::string ini = _layers->getString("gateway.config", "");
    if (!ini.empty())
    {
        _iniFile = resolvePath(ini);
        loadIni();
    }
}

void Settings::loadIni()
{
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> ini(new Poco::Util::IniFileConfiguration(_iniFile));
    if (_ini)
        _layers->removeConfiguration(_ini);
    _ini = ini;
    _layers->add(_ini, kIniPriority);
}

void Settings::reloadIni()
{
    if (!_iniFile.empty())
        loadIni();
}

std::string Settings::resolvePath(const std::string& path) const
{
    if (path.empty())
        return path;
    Poco::Path p(path);
    if (p.isAbsolute())
        return p.toString();
    return Poco::Path(Poco::Path(_workingDir).makeDirectory(), p).toString();
}

void Settings::override(const std::string& key, const std::string& value)
{
    _flags->setString(key, value);
}

} // namespace polymur
