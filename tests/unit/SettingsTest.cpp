// SettingsTest.cpp - configuration precedence: flag > environment > INI > default.
#include "Settings.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>

class SettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(defaultsAreTheOriginals);
    CPPUNIT_TEST(precedence);
    CPPUNIT_TEST(relativePathsUseWorkingDir);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override
    {
        ::unsetenv("POLYMUR_GW_LISTEN_ADDR");
        ::unsetenv("POLYMUR_GW_API_ADDR");
        ::unsetenv("POLYMUR_GW_CONFIG");
    }

    void defaultsAreTheOriginals()
    {
        polymur::Settings s({}, "/tmp");
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0:443"), s.config().getString("gateway.listen-addr"));
        CPPUNIT_ASSERT_EQUAL(std::string("localhost:2030"), s.config().getString("gateway.api-addr"));
        CPPUNIT_ASSERT_EQUAL(std::string("localhost:2020"), s.config().getString("gateway.stat-addr"));
        CPPUNIT_ASSERT_EQUAL(std::string("broadcast"), s.config().getString("plugins.distribution"));
        CPPUNIT_ASSERT_EQUAL(std::string("consul"), s.config().getString("plugins.keystore"));
        CPPUNIT_ASSERT_EQUAL(std::string("graphite"), s.config().getString("plugins.output"));
    }

    void precedence()
    {
        Poco::TemporaryFile ini;
        {
            Poco::FileOutputStream out(ini.path());
            out << "[gateway]\nlisten-addr = 1.1.1.1:1\napi-addr = 2.2.2.2:2\nstat-addr = 3.3.3.3:3\n";
        }
        ::setenv("POLYMUR_GW_LISTEN_ADDR", "4.4.4.4:4", 1);
        ::setenv("POLYMUR_GW_API_ADDR", "5.5.5.5:5", 1);
        polymur::Settings s({{"gateway.config", ini.path()}, {"gateway.listen-addr", "6.6.6.6:6"}}, "/tmp");
        CPPUNIT_ASSERT_EQUAL(std::string("6.6.6.6:6"), s.config().getString("gateway.listen-addr")); // flag
        CPPUNIT_ASSERT_EQUAL(std::string("5.5.5.5:5"), s.config().getString("gateway.api-addr"));    // env
        CPPUNIT_ASSERT_EQUAL(std::string("3.3.3.3:3"), s.config().getString("gateway.stat-addr"));   // INI
        CPPUNIT_ASSERT_EQUAL(std::string("262144"), s.config().getString("gateway.queue-cap"));      // default
    }

    void relativePathsUseWorkingDir()
    {
        polymur::Settings s({}, "/srv/gw");
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/gw/cert.pem"), s.resolvePath("cert.pem"));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/c.pem"), s.resolvePath("/etc/c.pem"));
        CPPUNIT_ASSERT_EQUAL(std::string(), s.resolvePath(""));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);
