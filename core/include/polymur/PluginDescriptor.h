// PluginDescriptor.h - what a plugin says about itself: kind, name, version,
// description and the config keys it reads (with defaults and one-line docs).
// The core uses it to pick plugins by name, validate their config section,
// apply defaults and print --list-plugins.
#pragma once

#include <cstddef>

namespace polymur {

/// The three kinds of plugin the core knows.
enum class PluginKind
{
    KeyStore,     ///< Where API keys come from (Consul, a static file, ...).
    Distribution, ///< Which destination(s) each point goes to.
    Output        ///< How points are written to one destination.
};

/// Config-facing name of a kind: "keystore", "distribution", "output".
inline const char* pluginKindName(PluginKind kind)
{
    switch (kind)
    {
    case PluginKind::KeyStore: return "keystore";
    case PluginKind::Distribution: return "distribution";
    case PluginKind::Output: return "output";
    }
    return "unknown";
}

/// One config key a plugin reads from its INI section.
struct ConfigKeySpec
{
    const char* key;          ///< Key inside the plugin's section, e.g. "file".
    const char* defaultValue; ///< Default as text ("" when none).
    const char* doc;          ///< One-line description.
};

/// Static description of a plugin; lives for as long as the library is loaded.
struct PluginDescriptor
{
    PluginKind kind;
    const char* name;        ///< Stable kebab-case name used in config, e.g. "hash-route".
    const char* version;     ///< The plugin's own version, e.g. "1.0.0".
    const char* description; ///< One line.
    const ConfigKeySpec* configKeys;
    std::size_t configKeyCount;
};

} // namespace polymur
