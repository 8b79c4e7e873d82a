// KeyListingTest.cpp - the API-key layout under a Consul KV prefix.
#include "KeyListing.h"

#include <Poco/Exception.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur::consul;

class KeyListingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(KeyListingTest);
    CPPUNIT_TEST(testNormalizePrefix);
    CPPUNIT_TEST(testNamedKeys);
    CPPUNIT_TEST(testKeyNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNormalizePrefix()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("polymur/gateway/keys/"), normalizePrefix(kDefaultKeyPrefix));
        CPPUNIT_ASSERT_EQUAL(std::string("polymur/gateway/keys/"), normalizePrefix("polymur/gateway/keys"));
        CPPUNIT_ASSERT_EQUAL(std::string("polymur/gateway/keys/"), normalizePrefix("/polymur/gateway/keys/"));
        CPPUNIT_ASSERT_THROW(normalizePrefix(""), Poco::InvalidArgumentException);
        CPPUNIT_ASSERT_THROW(normalizePrefix("//"), Poco::InvalidArgumentException);
    }

    void testNamedKeys()
    {
        const std::string prefix = "p/keys/";
        std::vector<KvEntry> entries = {
            {"p/keys/", "", false, 1},              // folder entry
            {"p/keys/alice", "k-alice", true, 2},
            {"p/keys/empty", "", true, 3},          // empty key: never valid
            {"p/keys/folder/", "", false, 4},       // nested folder
            {"p/keys/team/bob", "k-bob", true, 5},  // nested name
            {"p/keysX/eve", "k-eve", true, 6},      // outside the prefix
            {"p/keys", "k-root", true, 7},          // the prefix without '/'
        };
        const std::vector<NamedKey> keys = namedKeys(entries, prefix);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keys.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), keys[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("k-alice"), keys[0].key);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), keys[0].modifyIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("team/bob"), keys[1].name);
        CPPUNIT_ASSERT_EQUAL(std::string("k-bob"), keys[1].key);
    }

    void testKeyNames()
    {
        CPPUNIT_ASSERT(isValidKeyName("alice"));
        CPPUNIT_ASSERT(isValidKeyName("team/bob"));
        CPPUNIT_ASSERT(isValidKeyName("test-user.01"));
        CPPUNIT_ASSERT(!isValidKeyName(""));
        CPPUNIT_ASSERT(!isValidKeyName("/alice"));
        CPPUNIT_ASSERT(!isValidKeyName("alice/"));
        CPPUNIT_ASSERT(!isValidKeyName("a//b"));
        CPPUNIT_ASSERT(!isValidKeyName("a\nb"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KeyListingTest);
