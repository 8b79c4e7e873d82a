// HashRoutePolicy.h - the "hash-route" distribution policy: every point goes
// to the destination that Graphite's consistent hash ring (carbon_ch or
// fnv1a_ch, see CarbonHashRing.h) names for its metric name, with optional
// failover of failed destinations.
//
//   [dist-hashroute]
//   hash = carbon_ch        ; or fnv1a_ch; as carbon-relay / graphite-web
//   replicas = 100
//   failover = on           ; off: points wait for their owner
//   failover-after = 3      ; failed reconnects in a row before leaving the ring
//
// The ring is built from the destinations in the order update() lists them
// (the order of carbon's DESTINATIONS / graphite-web's CARBONLINK_HOSTS). A
// destination leaving the ring removes only its own entries (carbon's
// remove_node()), so no other metric moves; it rejoins at the same positions.
//
// Threading (DistributionPolicy.h): route() and isMember() may run
// concurrently; update() and configure() run alone (the core holds the lock).
#pragma once

#include "CarbonHashRing.h"

#include "polymur/DistributionPolicy.h"
#include "polymur/PluginDescriptor.h"

#include <vector>

namespace polymur {
namespace hashroute {

class HashRoutePolicy : public DistributionPolicy
{
public:
    /// The keys of the [dist-hashroute] section, with defaults and docs.
    static constexpr ConfigKeySpec kConfigKeys[] = {
        {"hash", "carbon_ch",
         "Ring hash: carbon_ch or fnv1a_ch; must equal carbon's ROUTER_HASH_TYPE and graphite-web's "
         "CARBONLINK_HASHING_TYPE"},
        {"replicas", "100", "Ring positions per destination (carbon's replica_count), 1 to 10000"},
        {"failover", "on",
         "on: a failed destination leaves the ring and its queued points go to the others; off: its points "
         "wait for it (carbon-relay behaviour)"},
        {"failover-after", "3", "Failed reconnects in a row after which a destination leaves the ring"},
    };

    HashRoutePolicy();

    void configure(const PluginConfig& config) override;

    /// Rebuilds the ring when the destination list changed, and recomputes
    /// membership. Throws std::invalid_argument (leaving the policy as it
    /// was) when two destinations share a ring node (same host and instance)
    /// or a host/instance is not ASCII.
    void update(const std::vector<DestinationState>& destinations) override;

    void route(const LineBatch& batch, RouteBuilder& out) const override;
    bool isMember(std::size_t slot) const override;
    bool redistributesQueued() const override;

private:
    /// Which slots are in the ring for these states.
    std::vector<bool> members(const std::vector<DestinationState>& destinations) const;

    HashType _type = HashType::CarbonCh;
    unsigned _replicas = CarbonHashRing::kDefaultReplicas;
    bool _failover = true;
    unsigned _failoverAfter = 3;

    std::vector<RingNode> _nodes; ///< Ring node of each slot, as _full was built.
    CarbonHashRing _full;         ///< Every destination: the reference ring.
    CarbonHashRing _live;         ///< _full without the slots that left.
    std::vector<bool> _members;
};

} // namespace hashroute
} // namespace polymur
