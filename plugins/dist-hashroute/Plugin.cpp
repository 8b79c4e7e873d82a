// Plugin.cpp - exports the hash-route distribution policy (SDK version,
// descriptor, POCO manifest). Nothing else belongs here.
#include "HashRoutePolicy.h"

#include "polymur/Plugin.h"

POLYMUR_PLUGIN(DistributionPolicy, polymur::hashroute::HashRoutePolicy, polymur::PluginKind::Distribution,
               "hash-route", "1.0.0", "Graphite consistent hashing (carbon_ch, fnv1a_ch) with failover",
               polymur::hashroute::HashRoutePolicy::kConfigKeys)
