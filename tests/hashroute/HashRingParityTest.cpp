// HashRingParityTest.cpp - the C++ ring against Graphite carbon's own
// ConsistentHashRing: every node key, every ring entry and every lookup of
// tests/hashring/vectors.txt.gz, for carbon_ch and fnv1a_ch.
#include "CarbonHashRing.h"
#include "NodeKey.h"
#include "RingHash.h"
#include "VectorFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <sstream>

using namespace polymur::hashroute;
using polymur::hashroute::test::VectorFile;
using polymur::hashroute::test::VectorRing;

class HashRingParityTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HashRingParityTest);
    CPPUNIT_TEST(testVectorFileCoverage);
    CPPUNIT_TEST(testNodeKeys);
    CPPUNIT_TEST(testRingEntries);
    CPPUNIT_TEST(testLookups);
    CPPUNIT_TEST_SUITE_END();

public:
    /// The file holds what the issue asks for; otherwise parity proves little.
    void testVectorFileCoverage()
    {
        const VectorFile& vf = VectorFile::committed();
        CPPUNIT_ASSERT(vf.source.find("carbon/hashing.py") != std::string::npos);
        CPPUNIT_ASSERT(vf.names.size() >= 50000);
        const auto nonAscii = std::count_if(vf.names.begin(), vf.names.end(), [](const std::string& n) {
            return std::any_of(n.begin(), n.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        });
        CPPUNIT_ASSERT(nonAscii >= 5000);

        std::size_t carbon = 0, fnv = 0, minNodes = 99, maxNodes = 0, withInstance = 0, without = 0;
        bool carbonTop = false, fnvTop = false;
        for (const VectorRing& ring : vf.rings)
        {
            (ring.type == HashType::CarbonCh ? carbon : fnv)++;
            minNodes = std::min(minNodes, ring.nodes.size());
            maxNodes = std::max(maxNodes, ring.nodes.size());
            for (const auto& node : ring.nodes)
                (node.instance ? withInstance : without)++;
            const bool top = !ring.entries.empty() && ring.entries.back().first > 0xffff;
            (ring.type == HashType::CarbonCh ? carbonTop : fnvTop) |= top;
        }
        CPPUNIT_ASSERT(carbon >= 15 && fnv >= 15);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), minNodes);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), maxNodes);
        CPPUNIT_ASSERT(withInstance > 0 && without > 0);
        CPPUNIT_ASSERT_MESSAGE("a carbon_ch ring with a position bumped past 0xffff", carbonTop);
        CPPUNIT_ASSERT_MESSAGE("an fnv1a_ch ring with a position bumped past 0xffff", fnvTop);
    }

    void testNodeKeys()
    {
        std::size_t checked = 0;
        for (const VectorRing& ring : VectorFile::committed().rings)
        {
            for (std::size_t n = 0; n < ring.nodes.size(); ++n)
            {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(ring.describe(), ring.nodeKeys[n],
                                             nodeKey(ring.nodes[n].server, ring.nodes[n].instance));
                ++checked;
            }
        }
        CPPUNIT_ASSERT(checked > 100);
    }

    void testRingEntries()
    {
        std::size_t checked = 0;
        for (const VectorRing& ring : VectorFile::committed().rings)
        {
            const CarbonHashRing built = test::buildRing(ring);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ring.describe(), ring.entries.size(), built.size());
            for (std::size_t i = 0; i < built.size(); ++i)
            {
                if (built.entryPosition(i) != ring.entries[i].first || built.entryNode(i) != ring.entries[i].second)
                {
                    std::ostringstream msg;
                    msg << ring.describe() << " entry " << i << ": carbon (" << ring.entries[i].first << ", node "
                        << ring.entries[i].second << "), ours (" << built.entryPosition(i) << ", node "
                        << built.entryNode(i) << ")";
                    CPPUNIT_FAIL(msg.str());
                }
                ++checked;
            }
        }
        CPPUNIT_ASSERT(checked > 10000);
    }

    /// 100% of the lookups, with the number checked asserted.
    void testLookups()
    {
        const VectorFile& vf = VectorFile::committed();
        std::size_t checked = 0, mismatches = 0, wraps = 0;
        std::ostringstream first;
        for (const VectorRing& ring : vf.rings)
        {
            const CarbonHashRing built = test::buildRing(ring);
            const std::uint32_t top = built.entryPosition(built.size() - 1);
            std::size_t ringWraps = 0, exact = 0;
            for (std::size_t i = 0; i < vf.names.size(); ++i)
            {
                const std::uint32_t owner = built.lookup(vf.names[i]);
                if (owner != ring.owners[i] && mismatches++ < 5)
                    first << ring.describe() << " name #" << i << ": carbon node " << int(ring.owners[i])
                          << ", ours " << owner << "\n";
                const std::uint32_t position = built.position(vf.names[i]);
                ringWraps += position > top;
                exact += std::binary_search(ring.entries.begin(), ring.entries.end(),
                                            std::make_pair(position, std::uint32_t(0)),
                                            [](const auto& a, const auto& b) { return a.first < b.first; });
                ++checked;
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ring.describe() + " wraps", ring.wraps, ringWraps);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ring.describe() + " exact hits", ring.exactHits, exact);
            wraps += ringWraps;
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.str(), std::size_t(0), mismatches);
        CPPUNIT_ASSERT_EQUAL(vf.names.size() * vf.rings.size(), checked);
        CPPUNIT_ASSERT(checked >= 50000 * vf.rings.size());
        CPPUNIT_ASSERT(wraps > 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashRingParityTest);
