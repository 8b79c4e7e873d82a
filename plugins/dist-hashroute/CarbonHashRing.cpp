// CarbonHashRing.cpp - ring construction and lookup mirroring carbon's
// ConsistentHashRing.add_node(), remove_node() and get_node().
#include "CarbonHashRing.h"

#include "NodeKey.h"
#include "RingHash.h"

#include <algorithm>
#include <stdexcept>

namespace polymur {
namespace hashroute {

HashType parseHashType(std::string_view text)
{
    if (text == "carbon_ch")
        return HashType::CarbonCh;
    if (text == "fnv1a_ch")
        return HashType::Fnv1aCh;
    throw std::invalid_argument("unknown hash type '" + std::string(text) + "' (use carbon_ch or fnv1a_ch)");
}

const char* hashTypeName(HashType type)
{
    return type == HashType::CarbonCh ? "carbon_ch" : "fnv1a_ch";
}

CarbonHashRing::CarbonHashRing(HashType type, unsigned replicas)
    : _type(type)
    , _replicas(replicas)
{
    if (replicas == 0)
        throw std::invalid_argument("a hash ring needs at least one replica per node");
}

std::uint32_t CarbonHashRing::position(std::string_view key) const
{
    return _type == HashType::CarbonCh ? carbonPosition(key) : fnv1aPosition(key);
}

void CarbonHashRing::addNode(const RingNode& node)
{
    const std::uint32_t index = static_cast<std::uint32_t>(_nodeCount);
    const std::string key = _type == HashType::CarbonCh ? nodeKey(node.server, node.instance) : std::string();
    for (unsigned i = 0; i < _replicas; ++i)
    {
        const std::string replica
            = _type == HashType::CarbonCh ? carbonReplicaKey(key, i) : fnv1aReplicaKey(node.instance, i);
        std::uint32_t pos = position(replica);
        // Positions are unique, so a free one is found after at most size() bumps.
        auto it = std::lower_bound(_positions.begin(), _positions.end(), pos);
        while (it != _positions.end() && *it == pos)
        {
            ++pos;
            ++it;
        }
        const auto at = it - _positions.begin();
        _positions.insert(it, pos);
        _nodes.insert(_nodes.begin() + at, index);
    }
    ++_nodeCount;
}

std::uint32_t CarbonHashRing::lookup(std::string_view key) const
{
    const std::uint32_t pos = position(key);
    const auto it = std::lower_bound(_positions.begin(), _positions.end(), pos);
    const std::size_t at = it == _positions.end() ? 0 : static_cast<std::size_t>(it - _positions.begin());
    return _nodes[at];
}

CarbonHashRing CarbonHashRing::filtered(const std::vector<bool>& keep) const
{
    CarbonHashRing ring(_type, _replicas);
    ring._nodeCount = _nodeCount;
    for (std::size_t i = 0; i < _positions.size(); ++i)
    {
        if (_nodes[i] < keep.size() && keep[_nodes[i]])
        {
            ring._positions.push_back(_positions[i]);
            ring._nodes.push_back(_nodes[i]);
        }
    }
    return ring;
}

} // namespace hashroute
} // namespace polymur
