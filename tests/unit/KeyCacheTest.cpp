// KeyCacheTest.cpp - whole-set swaps while many threads look keys up.
#include "KeyCache.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace polymur;

class KeyCacheTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(KeyCacheTest);
    CPPUNIT_TEST(lookupAndReplace);
    CPPUNIT_TEST(swapUnderConcurrentLookups);
    CPPUNIT_TEST(fingerprintHidesTheKey);
    CPPUNIT_TEST_SUITE_END();

public:
    void lookupAndReplace()
    {
        KeyCache cache;
        CPPUNIT_ASSERT(!cache.lookup("k1"));
        cache.publish({{"k1", "alice"}, {"k2", "bob"}});
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), *cache.lookup("k1"));
        cache.publish({{"k3", "alice"}});
        CPPUNIT_ASSERT(!cache.lookup("k1"));
        CPPUNIT_ASSERT(!cache.lookup("k2"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), *cache.lookup("k3"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache.size());
    }

    void swapUnderConcurrentLookups()
    {
        // Two sets share the key "common"; they differ in 100 others. While
        // sets are swapped thousands of times, a reader must never find
        // "common" missing (no clear-then-fill window) and must see the
        // name of one whole set.
        KeyMap a, b;
        a["common"] = "A";
        b["common"] = "B";
        for (int i = 0; i < 100; ++i)
        {
            a["a" + std::to_string(i)] = "A";
            b["b" + std::to_string(i)] = "B";
        }
        KeyCache cache;
        cache.publish(a);
        std::atomic<bool> stop{false};
        std::atomic<long> misses{0};
        std::atomic<long> lookups{0};
        std::vector<std::thread> readers;
        for (int t = 0; t < 4; ++t)
            readers.emplace_back([&] {
                while (!stop)
                {
                    auto name = cache.lookup("common");
                    if (!name || (*name != "A" && *name != "B"))
                        ++misses;
                    ++lookups;
                }
            });
        for (int i = 0; i < 2000; ++i)
            cache.publish(i % 2 ? a : b);
        stop = true;
        for (auto& t : readers)
            t.join();
        CPPUNIT_ASSERT(lookups > 0);
        CPPUNIT_ASSERT_EQUAL(0L, misses.load());
        CPPUNIT_ASSERT_EQUAL(std::string("A"), *cache.lookup("a5"));
        CPPUNIT_ASSERT(!cache.lookup("b5"));
    }

    void fingerprintHidesTheKey()
    {
        const std::string fp = keyFingerprint("super-secret-key");
        CPPUNIT_ASSERT(fp.find("secret") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string::size_type(15), fp.size());
        CPPUNIT_ASSERT(fp == keyFingerprint("super-secret-key"));
        CPPUNIT_ASSERT(fp != keyFingerprint("super-secret-kez"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KeyCacheTest);
