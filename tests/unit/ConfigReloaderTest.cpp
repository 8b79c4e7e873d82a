// ConfigReloaderTest.cpp - the SIGHUP destination diff, the configured
// destination list and the protocol sniffing of the admin/stats ports.
#include "ConfigReloader.h"
#include "LineOrHttpServer.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstring>

using namespace polymur;

class ConfigReloaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigReloaderTest);
    CPPUNIT_TEST(testDiff);
    CPPUNIT_TEST(testConfiguredDestinations);
    CPPUNIT_TEST(testProtocolSniffing);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDiff()
    {
        auto d = ConfigReloader::diff({"a:1", "b:2", "c:3"}, {"c:3", "d:4", "a:1"});
        CPPUNIT_ASSERT(d.added == std::vector<std::string>({"d:4"}));
        CPPUNIT_ASSERT(d.removed == std::vector<std::string>({"b:2"}));
        d = ConfigReloader::diff({"a:1"}, {"a:1"});
        CPPUNIT_ASSERT(d.added.empty() && d.removed.empty());
        d = ConfigReloader::diff({}, {"a:1", "a:1"});
        CPPUNIT_ASSERT(d.added == std::vector<std::string>({"a:1"}));
        d = ConfigReloader::diff({"a:1", "b:2"}, {});
        CPPUNIT_ASSERT(d.removed == std::vector<std::string>({"a:1", "b:2"}));
    }

    void testConfiguredDestinations()
    {
        Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
        cfg->setString("gateway.destinations", " 10.0.0.1:2003 , ,10.0.0.2:2003:b");
        auto list = ConfigReloader::configuredDestinations(*cfg);
        CPPUNIT_ASSERT(list == std::vector<std::string>({"10.0.0.1:2003", "10.0.0.2:2003:b"}));
        cfg->setString("gateway.console-out", "true");
        list = ConfigReloader::configuredDestinations(*cfg);
        CPPUNIT_ASSERT_EQUAL(std::string("console"), list.back());
    }

    void testProtocolSniffing()
    {
        const auto http = [](const char* s) { return LineOrHttpServer::looksLikeHttp(s, std::strlen(s)); };
        const auto decided = [](const char* s) { return LineOrHttpServer::isDecided(s, std::strlen(s)); };
        CPPUNIT_ASSERT(http("GET /stats HTTP/1.1"));
        CPPUNIT_ASSERT(http("DELETE /"));
        CPPUNIT_ASSERT(http("PUT "));
        CPPUNIT_ASSERT(!http("getdest"));
        CPPUNIT_ASSERT(!http("stats\n"));
        CPPUNIT_ASSERT(!http("putdest 1.2.3.4:5"));
        CPPUNIT_ASSERT(!http(" GET /"));
        CPPUNIT_ASSERT(decided("s"));       // lower case: a command line
        CPPUNIT_ASSERT(!decided("DELE"));   // could still be "DELETE /"
        CPPUNIT_ASSERT(decided("DELETE "));
        CPPUNIT_ASSERT(decided("ABCDEFGH"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigReloaderTest);
