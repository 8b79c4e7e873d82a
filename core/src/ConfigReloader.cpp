// ConfigReloader.cpp - SIGHUP reload.
#include "ConfigReloader.h"

#include "DestinationSpec.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>

namespace polymur {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("polymur");
}

std::string joined(const std::vector<std::string>& items)
{
    return items.empty() ? std::string("none") : Poco::cat(std::string(", "), items.begin(), items.end());
}

} // namespace

ConfigReloader::ConfigReloader(Settings& settings, KeyStore& keyStore, DestinationAdmin& destinations)
    : _settings(settings), _keyStore(keyStore), _destinations(destinations),
      _applied(configuredDestinations(settings.config()))
{
}

std::vector<std::string> ConfigReloader::configuredDestinations(const Poco::Util::AbstractConfiguration& config)
{
    std::vector<std::string> list = splitList(config.getString("gateway.destinations", ""));
    if (config.getBool("gateway.console-out", false))
        list.push_back("console");
    return list;
}

ConfigReloader::Diff ConfigReloader::diff(const std::vector<std::string>& before, const std::vector<std::string>& after)
{
    Diff d;
    const auto has = [](const std::vector<std::string>& list, const std::string& item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    for (const auto& item : after)
        if (!has(before, item) && !has(d.added, item))
            d.added.push_back(item);
    for (const auto& item : before)
        if (!has(after, item) && !has(d.removed, item))
            d.removed.push_back(item);
    return d;
}

void ConfigReloader::reload()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _keyStore.reload();

    if (_settings.iniFile().empty())
    {
        logger().information("Reload: no INI file (-config); destination list unchanged");
        return;
    }
    try
    {
        _settings.reloadIni();
    }
    catch (const Poco::Exception& e)
    {
        logger().error("Reload: cannot read %s, keeping the previous configuration: %s", _settings.iniFile(),
                       e.displayText());
        return;
    }
    const std::vector<std::string> wanted = configuredDestinations(_settings.config());
    const Diff change = diff(_applied, wanted);
    std::vector<std::string> added;
    std::vector<std::string> removed;
    for (const auto& name : change.removed)
    {
        std::string error;
        if (_destinations.removeDestination(name, error))
            removed.push_back(name);
        else
            logger().warning("Reload: cannot remove destination %s: %s", name, error);
    }
    for (const auto& spec : change.added)
    {
        std::string error;
        if (_destinations.addDestination(spec, error))
            added.push_back(spec);
        else
            logger().warning("Reload: cannot add destination %s: %s", spec, error);
    }
    _applied = wanted;
    if (added.empty() && removed.empty())
        logger().information("Reload: destination list unchanged");
    else
        logger().information("Reload: destinations added: %s; removed: %s", joined(added), joined(removed));
}

} // namespace polymur
