// SyncRulesTest.cpp - the pure rules of the Consul key sync: blocking-query
// index handling, retry backoff, log-once failure tracking, key map building.
#include "KeySet.h"
#include "SyncRules.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur::consul;
using std::chrono::milliseconds;

class SyncRulesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SyncRulesTest);
    CPPUNIT_TEST(testNextWaitIndex);
    CPPUNIT_TEST(testBackoff);
    CPPUNIT_TEST(testFailureTracker);
    CPPUNIT_TEST(testBuildKeyMap);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNextWaitIndex()
    {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(42), nextWaitIndex(0, 42));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(42), nextWaitIndex(42, 42));  // timed out, unchanged
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(50), nextWaitIndex(42, 50));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), nextWaitIndex(42, 7));    // went backwards: reset
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), nextWaitIndex(42, 0));    // no index: plain read
    }

    void testBackoff()
    {
        Backoff backoff(milliseconds(250), milliseconds(1000));
        CPPUNIT_ASSERT_EQUAL(milliseconds(250).count(), backoff.next().count());
        CPPUNIT_ASSERT_EQUAL(milliseconds(500).count(), backoff.next().count());
        CPPUNIT_ASSERT_EQUAL(milliseconds(1000).count(), backoff.next().count());
        CPPUNIT_ASSERT_EQUAL(milliseconds(1000).count(), backoff.next().count()); // capped
        backoff.reset();
        CPPUNIT_ASSERT_EQUAL(milliseconds(250).count(), backoff.next().count());

        Backoff inverted(milliseconds(300), milliseconds(100)); // max below min: min wins
        CPPUNIT_ASSERT_EQUAL(milliseconds(300).count(), inverted.next().count());
        CPPUNIT_ASSERT_EQUAL(milliseconds(300).count(), inverted.next().count());
    }

    void testFailureTracker()
    {
        FailureTracker tracker;
        unsigned failures = 99;
        CPPUNIT_ASSERT(!tracker.succeeded(failures)); // nothing to recover from
        CPPUNIT_ASSERT_EQUAL(0u, failures);
        CPPUNIT_ASSERT(tracker.failed("unreachable"));  // log
        CPPUNIT_ASSERT(!tracker.failed("unreachable")); // same state: quiet
        CPPUNIT_ASSERT(!tracker.failed("unreachable"));
        CPPUNIT_ASSERT(tracker.failed("http 403"));     // new state: log
        CPPUNIT_ASSERT(tracker.failing());
        CPPUNIT_ASSERT(tracker.succeeded(failures));    // log the recovery once
        CPPUNIT_ASSERT_EQUAL(4u, failures);
        CPPUNIT_ASSERT(!tracker.succeeded(failures));
        CPPUNIT_ASSERT(!tracker.failing());
        CPPUNIT_ASSERT(tracker.failed("http 403"));     // after a success: log again
    }

    void testBuildKeyMap()
    {
        std::vector<std::string> shadowed;
        const polymur::KeyMap map = buildKeyMap(
            {{"alice", "k1", 1}, {"bob", "k2", 2}, {"carol", "k1", 3}, {"team/dave", "k4", 4}}, shadowed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), map.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), map.at("k1"));
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), map.at("k2"));
        CPPUNIT_ASSERT_EQUAL(std::string("team/dave"), map.at("k4"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), shadowed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("carol (same key as alice)"), shadowed[0]);

        CPPUNIT_ASSERT(buildKeyMap({}, shadowed).empty());
        CPPUNIT_ASSERT(shadowed.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SyncRulesTest);
