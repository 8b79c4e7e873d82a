// PluginConfig.h - read-only view of one plugin's config section, with the
// defaults of its descriptor applied and gateway-wide settings reachable.
#pragma once

#include <string>

namespace polymur {

/// Handed to a plugin's configure(). Implemented by the core.
class PluginConfig
{
public:
    virtual ~PluginConfig() = default;

    /// Value of a key in the plugin's own section ("[keystore-static]"),
    /// falling back to the descriptor's default. Throws if the key was not
    /// declared in the descriptor (a programming error in the plugin).
    virtual std::string getString(const std::string& key) const = 0;
    virtual long long getInt(const std::string& key) const = 0;
    virtual double getDouble(const std::string& key) const = 0;
    virtual bool getBool(const std::string& key) const = 0;

    /// A gateway-wide setting (e.g. "gateway.key-prefix"), or fallback.
    virtual std::string getGlobal(const std::string& key, const std::string& fallback) const = 0;

    /// Name used in log lines, e.g. "keystore:static".
    virtual std::string instanceName() const = 0;
};

} // namespace polymur
