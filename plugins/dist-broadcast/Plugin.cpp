// Plugin.cpp - exports the broadcast policy to the gateway.
#include "BroadcastPolicy.h"

#include "polymur/Plugin.h"

namespace {
const polymur::ConfigKeySpec kKeys[] = {
    {"enabled", "true", "Reserved; broadcast has no settings"},
};
}

POLYMUR_PLUGIN(DistributionPolicy, polymur::BroadcastPolicy, polymur::PluginKind::Distribution, "broadcast", "1.0.0",
               "Every point to every destination (no copy: destinations share the batch buffer)", kKeys)
