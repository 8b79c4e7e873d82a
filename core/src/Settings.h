// Settings.h - the gateway's layered configuration: command-line flags over
// POLYMUR_GW_* environment variables over the INI file over built-in
// defaults. Everything the core and the plugins read goes through it.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <map>
#include <string>

namespace polymur {

class Settings
{
public:
    /// `overrides`: config key -> value from the command line.
    /// `workingDir`: the directory relative paths are resolved against
    /// (captured before --daemon changes to "/").
    Settings(const std::map<std::string, std::string>& overrides, const std::string& workingDir);

    /// The merged view (flags > environment > INI > defaults).
    Poco::Util::AbstractConfiguration& config() { return *_layers; }
    const Poco::Util::AbstractConfiguration& config() const { return *_layers; }

    /// The INI file in use, or "" when none.
    const std::string& iniFile() const { return _iniFile; }

    /// An absolute path for a configured path (relative -> workingDir).
    std::string resolvePath(const std::string& path) const;

    /// Set a value in the command-line layer (highest priority).
    void override(const std::string& key, const std::string& value);

    /// Re-read the INI file (SIGHUP). Throws on a syntax error, keeping the old one.
    void reloadIni();

private:
    void loadIni();

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> _layers;
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> _ini;
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> _flags;
    std::string _iniFile;
    std::string _workingDir;
};

} // namespace polymur
