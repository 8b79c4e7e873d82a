// ConfigReloader.h - what SIGHUP does: re-read the key store and the INI
// file, then bring the destination set in line with the configured list
// (destinations added through the admin API are left alone), logging what
// changed. Other settings need a restart.
#pragma once

#include "DestinationAdmin.h"
#include "Settings.h"

#include "polymur/KeyStore.h"

#include <mutex>
#include <string>
#include <vector>

namespace polymur {

class ConfigReloader
{
public:
    struct Diff
    {
        std::vector<std::string> added;
        std::vector<std::string> removed;
    };

    ConfigReloader(Settings& settings, KeyStore& keyStore, DestinationAdmin& destinations);

    /// Reload keys, INI and destinations. Never throws; logs failures.
    void reload();

    /// The destinations the configuration asks for (-destinations plus
    /// "console" under -console-out).
    static std::vector<std::string> configuredDestinations(const Poco::Util::AbstractConfiguration& config);

    /// Entries of `after` missing from `before` and the reverse, in order.
    static Diff diff(const std::vector<std::string>& before, const std::vector<std::string>& after);

private:
    Settings& _settings;
    KeyStore& _keyStore;
    DestinationAdmin& _destinations;
    std::mutex _mutex;
    std::vector<std::string> _applied; ///< The configured list last applied.
};

} // namespace polymur
