// HashRingTest.cpp - unit tests of the ring's pieces: Python repr of node
// keys, the hash functions against published values, both MD5 backends, and
// node removal (failover) keeping every other entry in place.
#include "CarbonHashRing.h"
#include "NodeKey.h"
#include "RingHash.h"
#include "VectorFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <stdexcept>

using namespace polymur::hashroute;

class HashRingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HashRingTest);
    CPPUNIT_TEST(testPythonRepr);
    CPPUNIT_TEST(testNodeKey);
    CPPUNIT_TEST(testReplicaKeys);
    CPPUNIT_TEST(testKnownHashes);
    CPPUNIT_TEST(testMd5BackendsAgree);
    CPPUNIT_TEST(testHashTypeNames);
    CPPUNIT_TEST(testBadInput);
    CPPUNIT_TEST(testFilteredMovesOnlyRemovedKeys);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPythonRepr()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("'a'"), pythonRepr("a"));
        CPPUNIT_ASSERT_EQUAL(std::string("''"), pythonRepr(""));
        CPPUNIT_ASSERT_EQUAL(std::string("\"it's\""), pythonRepr("it's"));
        CPPUNIT_ASSERT_EQUAL(std::string("'say \"hi\"'"), pythonRepr("say \"hi\""));
        CPPUNIT_ASSERT_EQUAL(std::string("'both\\'\"'"), pythonRepr("both'\""));
        CPPUNIT_ASSERT_EQUAL(std::string("'a\\\\b'"), pythonRepr("a\\b"));
        CPPUNIT_ASSERT_EQUAL(std::string("'\\t\\n\\r\\x00\\x1f\\x7f'"),
                             pythonRepr(std::string_view("\t\n\r\0\x1f\x7f", 6)));
    }

    void testNodeKey()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("('10.0.0.1', 'a')"), nodeKey("10.0.0.1", std::string("a")));
        CPPUNIT_ASSERT_EQUAL(std::string("('10.0.0.1', None)"), nodeKey("10.0.0.1", std::nullopt));
        CPPUNIT_ASSERT_EQUAL(std::string("('::1', None)"), nodeKey("::1", std::nullopt));
    }

    void testReplicaKeys()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("('10.0.0.1', None):99"), carbonReplicaKey("('10.0.0.1', None)", 99));
        CPPUNIT_ASSERT_EQUAL(std::string("7-a"), fnv1aReplicaKey(std::string("a"), 7));
        CPPUNIT_ASSERT_EQUAL(std::string("0-None"), fnv1aReplicaKey(std::nullopt, 0));
    }

    /// RFC 1321 and the FNV reference values.
    void testKnownHashes()
    {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0xd41d), carbonPosition(""));  // d41d8cd98f00b204e9800998ecf8427e
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0x0cc1), carbonPosition("a")); // 0cc175b9c0f1b6a831c399e269772661
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0x811c9dc5), fnv1a32(""));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0xe40c292c), fnv1a32("a"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0xbf9cf968), fnv1a32("foobar"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(0xbf9c ^ 0xf968), fnv1aPosition("foobar"));
    }

    void testMd5BackendsAgree()
    {
        std::size_t checked = 0;
        for (const std::string& name : test::VectorFile::committed().names)
        {
            unsigned char poco[kMd5Size], openssl[kMd5Size];
            md5Poco(name, poco);
            md5OpenSsl(name, openssl);
            CPPUNIT_ASSERT_MESSAGE(name, std::memcmp(poco, openssl, kMd5Size) == 0);
            ++checked;
        }
        CPPUNIT_ASSERT(checked >= 50000);
    }

    void testHashTypeNames()
    {
        CPPUNIT_ASSERT(parseHashType("carbon_ch") == HashType::CarbonCh);
        CPPUNIT_ASSERT(parseHashType("fnv1a_ch") == HashType::Fnv1aCh);
        CPPUNIT_ASSERT_EQUAL(std::string("carbon_ch"), std::string(hashTypeName(HashType::CarbonCh)));
        CPPUNIT_ASSERT_EQUAL(std::string("fnv1a_ch"), std::string(hashTypeName(HashType::Fnv1aCh)));
    }

    void testBadInput()
    {
        CPPUNIT_ASSERT_THROW(parseHashType("mmh3_ch"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(parseHashType("Carbon_CH"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(CarbonHashRing(HashType::CarbonCh, 0), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(pythonRepr("caf\xc3\xa9"), std::invalid_argument);
        CarbonHashRing ring(HashType::CarbonCh, 100);
        CPPUNIT_ASSERT_THROW(ring.addNode({"h\xc3\xb4te", std::nullopt}), std::invalid_argument);
        CPPUNIT_ASSERT(ring.empty());
    }

    /// carbon's remove_node() drops a node's entries and moves nothing else:
    /// keys of the remaining nodes keep their owner.
    void testFilteredMovesOnlyRemovedKeys()
    {
        for (const HashType type : {HashType::CarbonCh, HashType::Fnv1aCh})
        {
            CarbonHashRing full(type, 100);
            for (const char* instance : {"a", "b", "c", "d"})
                full.addNode({"127.0.0.1", std::string(instance)});
            const CarbonHashRing without = full.filtered({true, false, true, true});
            CPPUNIT_ASSERT_EQUAL(full.size() - 100, without.size());
            CPPUNIT_ASSERT_EQUAL(full.nodeCount(), without.nodeCount());
            std::size_t moved = 0, kept = 0;
            for (const std::string& name : test::VectorFile::committed().names)
            {
                const std::uint32_t before = full.lookup(name);
                const std::uint32_t after = without.lookup(name);
                CPPUNIT_ASSERT(after != 1);
                if (before == 1)
                    ++moved;
                else
                {
                    CPPUNIT_ASSERT_EQUAL(before, after);
                    ++kept;
                }
            }
            CPPUNIT_ASSERT(moved > 5000 && kept > 30000);
            CPPUNIT_ASSERT(full.filtered({false, false, false, false}).empty());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashRingTest);
