// KeyFileParserTest.cpp - static key definitions (keystore-static's pure part).
#include "KeyFileParser.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class KeyFileParserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(KeyFileParserTest);
    CPPUNIT_TEST(file);
    CPPUNIT_TEST(inlineList);
    CPPUNIT_TEST(errorsNeverShowTheKey);
    CPPUNIT_TEST_SUITE_END();

public:
    void file()
    {
        KeyMap keys;
        CPPUNIT_ASSERT_EQUAL(std::string(), parseKeyFile("# comment\n; other\n\nalice = k1\n bob=k2 \n", keys));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keys.size());
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), keys["k2"]);
    }

    void inlineList()
    {
        KeyMap keys;
        CPPUNIT_ASSERT_EQUAL(std::string(), parseInlineKeys("dev:123, ops : abc ,", keys));
        CPPUNIT_ASSERT_EQUAL(std::string("dev"), keys["123"]);
        CPPUNIT_ASSERT_EQUAL(std::string("ops"), keys["abc"]);
    }

    void errorsNeverShowTheKey()
    {
        KeyMap keys;
        const std::string e1 = parseKeyFile("alice = secret1\nbob = secret1\n", keys);
        CPPUNIT_ASSERT(!e1.empty());
        CPPUNIT_ASSERT(e1.find("secret1") == std::string::npos);
        keys.clear();
        CPPUNIT_ASSERT(!parseKeyFile("no equals sign\n", keys).empty());
        CPPUNIT_ASSERT(!parseInlineKeys("nocolon", keys).empty());
        CPPUNIT_ASSERT(!parseInlineKeys("name:", keys).empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KeyFileParserTest);
