// CarbonHashRing.h - Graphite carbon 1.1's ConsistentHashRing
// (carbon/hashing.py), bit for bit, for carbon_ch and fnv1a_ch. Pure logic:
// no sockets, no threads, no locks.
//
// Nodes are added in order; each gets `replicas` positions from its replica
// keys; a position already taken is bumped by +1 until free (positions may
// pass 0xffff); lookup is bisect_left on the key's position, wrapping to the
// first entry past the last one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polymur {
namespace hashroute {

/// carbon's ROUTER_HASH_TYPE / graphite-web's CARBONLINK_HASHING_TYPE.
enum class HashType
{
    CarbonCh, ///< "carbon_ch": MD5, node key str((server, instance)).
    Fnv1aCh   ///< "fnv1a_ch": FNV-1a folded to 16 bits, only the instance counts.
};

/// "carbon_ch" or "fnv1a_ch"; throws std::invalid_argument otherwise.
HashType parseHashType(std::string_view text);
const char* hashTypeName(HashType type);

/// One ring node: a destination's server (host, no port) and instance.
struct RingNode
{
    std::string server;
    std::optional<std::string> instance; ///< nullopt is Python's None.
};

class CarbonHashRing
{
public:
    /// Default replicas per node, as carbon's.
    static constexpr unsigned kDefaultReplicas = 100;

    /// An empty ring. `replicas` must be >= 1.
    CarbonHashRing(HashType type, unsigned replicas);

    /// Add a node as carbon's add_node() does; its index is the number of
    /// nodes added before it. Build-time only (allocates).
    void addNode(const RingNode& node);

    /// The index of the node owning `key` (ring must not be empty).
    /// No allocation, no locks: safe to call concurrently.
    std::uint32_t lookup(std::string_view key) const;

    /// The ring position of a key (carbon's compute_ring_position()).
    std::uint32_t position(std::string_view key) const;

    /// A ring holding only the entries of nodes with keep[node] true, the
    /// others removed as carbon's remove_node() does (no entry moves, node
    /// indices are kept).
    CarbonHashRing filtered(const std::vector<bool>& keep) const;

    bool empty() const { return _positions.empty(); }
    std::size_t size() const { return _positions.size(); }
    std::size_t nodeCount() const { return _nodeCount; }
    HashType type() const { return _type; }
    unsigned replicas() const { return _replicas; }

    /// Entry i of the sorted ring: its position and node index.
    std::uint32_t entryPosition(std::size_t i) const { return _positions[i]; }
    std::uint32_t entryNode(std::size_t i) const { return _nodes[i]; }

private:
    HashType _type;
    unsigned _replicas;
    std::size_t _nodeCount = 0;
    std::vector<std::uint32_t> _positions; ///< Sorted, unique.
    std::vector<std::uint32_t> _nodes;     ///< Node index of each entry.
};

} // namespace hashroute
} // namespace polymur
