// SectionPluginConfig.h - PluginConfig over one INI section of the gateway's
// settings, with the plugin descriptor's defaults applied.
#pragma once

#include "PluginInfo.h"

#include "polymur/PluginConfig.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <vector>

namespace polymur {

class SectionPluginConfig : public PluginConfig
{
public:
    SectionPluginConfig(const Poco::Util::AbstractConfiguration& settings, const PluginInfo& info);

    std::string getString(const std::string& key) const override;
    long long getInt(const std::string& key) const override;
    double getDouble(const std::string& key) const override;
    bool getBool(const std::string& key) const override;
    std::string getGlobal(const std::string& key, const std::string& fallback) const override;
    std::string instanceName() const override;

    /// Keys present in the plugin's section that its descriptor does not declare.
    std::vector<std::string> unknownKeys() const;

private:
    const Poco::Util::AbstractConfiguration& _settings;
    const PluginInfo& _info;
};

} // namespace polymur
