// BroadcastPolicy.h - the original's "broadcast" distribution: every point
// goes to every destination; a destination that is down keeps its points
// queued until it returns (or its queue fills).
#pragma once

#include "polymur/DistributionPolicy.h"

namespace polymur {

class BroadcastPolicy : public DistributionPolicy
{
public:
    void configure(const PluginConfig&) override {}
    void update(const std::vector<DestinationState>&) override {}
    void route(const LineBatch&, RouteBuilder& out) const override { out.toAllSlots(); }
    bool isMember(std::size_t) const override { return true; }
    bool redistributesQueued() const override { return false; }
};

} // namespace polymur
