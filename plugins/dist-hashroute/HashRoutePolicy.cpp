// HashRoutePolicy.cpp - hash-route policy: config, ring (re)building,
// failover membership and routing.
#include "HashRoutePolicy.h"

#include "NodeKey.h"

#include <map>
#include <stdexcept>

namespace polymur {
namespace hashroute {

namespace {

RingNode ringNode(const Destination& destination)
{
    RingNode node;
    node.server = destination.host;
    if (!destination.instance.empty())
        node.instance = destination.instance;
    return node;
}

bool sameNodes(const std::vector<RingNode>& a, const std::vector<RingNode>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].server != b[i].server || a[i].instance != b[i].instance)
            return false;
    }
    return true;
}

} // namespace

HashRoutePolicy::HashRoutePolicy()
    : _full(HashType::CarbonCh, CarbonHashRing::kDefaultReplicas)
    , _live(HashType::CarbonCh, CarbonHashRing::kDefaultReplicas)
{
}

void HashRoutePolicy::configure(const PluginConfig& config)
{
    const std::string where = config.instanceName() + ": ";
    HashType type;
    try
    {
        type = parseHashType(config.getString("hash"));
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(where + "hash: " + e.what());
    }
    const long long replicas = config.getInt("replicas");
    if (replicas < 1 || replicas > 10000)
        throw std::invalid_argument(where + "replicas must be 1 to 10000, not " + std::to_string(replicas));
    const long long failoverAfter = config.getInt("failover-after");
    if (failoverAfter < 1 || failoverAfter > 1000000)
        throw std::invalid_argument(where + "failover-after must be 1 to 1000000, not "
                                    + std::to_string(failoverAfter));
    const bool failover = config.getBool("failover");

    _type = type;
    _replicas = static_cast<unsigned>(replicas);
    _failover = failover;
    _failoverAfter = static_cast<unsigned>(failoverAfter);
    _nodes.clear();
    _full = CarbonHashRing(_type, _replicas);
    _live = _full;
    _members.clear();
}

std::vector<bool> HashRoutePolicy::members(const std::vector<DestinationState>& destinations) const
{
    std::vector<bool> in(destinations.size(), true);
    if (!_failover)
        return in;
    bool any = false;
    for (std::size_t slot = 0; slot < destinations.size(); ++slot)
    {
        const DestinationState& state = destinations[slot];
        in[slot] = state.connected || state.consecutiveFailures < _failoverAfter;
        any = any || in[slot];
    }
    // With every destination failed there is nowhere to send points: keep
    // the whole ring so they wait for their owners instead of being dropped.
    if (!any)
        in.assign(destinations.size(), true);
    return in;
}

void HashRoutePolicy::update(const std::vector<DestinationState>& destinations)
{
    std::vector<RingNode> nodes;
    nodes.reserve(destinations.size());
    for (const DestinationState& state : destinations)
        nodes.push_back(ringNode(state.destination));

    if (!sameNodes(nodes, _nodes))
    {
        // Validate everything before changing anything.
        std::map<std::string, std::string> owners; // node key -> destination name
        CarbonHashRing full(_type, _replicas);
        for (std::size_t slot = 0; slot < nodes.size(); ++slot)
        {
            const std::string& name = destinations[slot].destination.name;
            std::string key;
            try
            {
                key = nodeKey(nodes[slot].server, nodes[slot].instance);
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument("hash-route: destination " + name + ": " + e.what());
            }
            const auto [it, inserted] = owners.emplace(key, name);
            if (!inserted)
                throw std::invalid_argument("hash-route: destinations " + it->second + " and " + name
                                            + " are the same ring node " + key
                                            + "; give each a distinct instance (host:port:instance)");
            full.addNode(nodes[slot]);
        }
        _full = std::move(full);
        _nodes = std::move(nodes);
    }

    _members = members(destinations);
    _live = _full.filtered(_members);
}

void HashRoutePolicy::route(const LineBatch& batch, RouteBuilder& out) const
{
    if (_live.empty())
        return;
    for (const PointView& point : batch.points)
        out.toSlot(_live.lookup(point.name), point);
}

bool HashRoutePolicy::isMember(std::size_t slot) const
{
    return slot < _members.size() && _members[slot];
}

bool HashRoutePolicy::redistributesQueued() const
{
    return _failover;
}

} // namespace hashroute
} // namespace polymur
