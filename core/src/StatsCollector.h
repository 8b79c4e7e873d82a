// StatsCollector.h - takes a StatsSnapshot from the live components.
#pragma once

#include "Distributor.h"
#include "GatewayStats.h"
#include "StatsSnapshot.h"

#include "polymur/KeyStore.h"

#include <string>

namespace polymur {

class StatsCollector
{
public:
    StatsCollector(const GatewayStats& stats, const Distributor& distributor, const KeyStore& keyStore,
                   std::string keyStorePlugin);

    /// Each counter is read once (relaxed); figures may be a few
    /// microseconds apart from each other.
    StatsSnapshot take() const;

    const std::string& hostname() const { return _hostname; }

private:
    const GatewayStats& _stats;
    const Distributor& _distributor;
    const KeyStore& _keyStore;
    const std::string _keyStorePlugin;
    std::string _hostname;
};

} // namespace polymur
