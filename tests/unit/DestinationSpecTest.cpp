// DestinationSpecTest.cpp - "host:port[:instance]" parsing.
#include "DestinationSpec.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class DestinationSpecTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DestinationSpecTest);
    CPPUNIT_TEST(forms);
    CPPUNIT_TEST(errors);
    CPPUNIT_TEST(lists);
    CPPUNIT_TEST_SUITE_END();

public:
    void forms()
    {
        Destination d;
        std::string error;
        CPPUNIT_ASSERT(parseDestination("10.0.0.1:2003", d, error));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1"), d.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2003), d.port);
        CPPUNIT_ASSERT(d.instance.empty());
        CPPUNIT_ASSERT(parseDestination("10.0.0.1:2004:a", d, error));
        CPPUNIT_ASSERT_EQUAL(std::string("a"), d.instance);
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1:2004:a"), d.name);
        CPPUNIT_ASSERT(parseDestination("[::1]:2003:b", d, error));
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), d.host);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), d.instance);
    }

    void errors()
    {
        Destination d;
        std::string error;
        for (const char* bad : {"", "host", "host:", "host:0", "host:70000", "host:abc", ":2003", "h:1:", "[::1]2003"})
        {
            error.clear();
            CPPUNIT_ASSERT_MESSAGE(bad, !parseDestination(bad, d, error));
            CPPUNIT_ASSERT_MESSAGE(bad, !error.empty());
        }
    }

    void lists()
    {
        auto items = splitList(" a:1 ,, b:2,");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), items.size());
        CPPUNIT_ASSERT_EQUAL(std::string("b:2"), items[1]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DestinationSpecTest);
