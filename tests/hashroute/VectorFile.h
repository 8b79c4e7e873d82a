// VectorFile.h - reader of tests/hashring/vectors.txt.gz, the rings and
// lookups that Graphite carbon's own hashing.py computed (see
// tests/hashring/generate_vectors.py for the format).
#pragma once

#include "CarbonHashRing.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace polymur {
namespace hashroute {
namespace test {

/// One ring of the file: its nodes, carbon's entries and carbon's answer for
/// every name of the file.
struct VectorRing
{
    std::string label;
    HashType type = HashType::CarbonCh;
    unsigned replicas = 0;
    std::vector<RingNode> nodes;
    std::vector<std::string> nodeKeys; ///< str((server, instance)) per node.
    std::size_t wraps = 0;             ///< Names past the last entry.
    std::size_t exactHits = 0;         ///< Names exactly on an entry.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> entries; ///< (position, node)
    std::vector<std::uint8_t> owners;  ///< Node index per name.

    std::string describe() const;      ///< "four-local/carbon_ch".
};

struct VectorFile
{
    std::string source;
    std::vector<std::string> names;
    std::vector<VectorRing> rings;

    /// Load and check the structure; throws std::runtime_error on any defect.
    static VectorFile load(const std::string& path);

    /// The committed vectors (POLYMUR_SOURCE_DIR/tests/hashring/vectors.txt.gz),
    /// loaded once per process.
    static const VectorFile& committed();
};

/// Build the C++ ring for a vector ring's node set.
CarbonHashRing buildRing(const VectorRing& ring);

/// The node carbon gives `name` once the nodes with gone[node] true are
/// removed (carbon's remove_node()): walk carbon's entries from the one
/// bisect_left picks (first entry at or after the name's position, wrapping)
/// to the first remaining node. Uses carbon's entries; the name's position
/// comes from the ring library's hash, which the parity test checks.
std::uint32_t ownerWithout(const VectorRing& ring, const std::string& name, const std::vector<bool>& gone);

} // namespace test
} // namespace hashroute
} // namespace polymur
