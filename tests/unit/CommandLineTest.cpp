// CommandLineTest.cpp - Go-style flag parsing as the original's users type it.
#include "CommandLine.h"
#include "GatewayFlags.h"

#include <cppunit/extensions/HelperMacros.h>

using polymur::parseCommandLine;

class CommandLineTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CommandLineTest);
    CPPUNIT_TEST(singleDashWithEquals);
    CPPUNIT_TEST(singleDashWithSpace);
    CPPUNIT_TEST(doubleDashForms);
    CPPUNIT_TEST(boolFlags);
    CPPUNIT_TEST(unknownFlagIsAnError);
    CPPUNIT_TEST(missingValueIsAnError);
    CPPUNIT_TEST(daemonOptionsPassThrough);
    CPPUNIT_TEST(configKeyOverrides);
    CPPUNIT_TEST(helpAndEnvNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void singleDashWithEquals()
    {
        auto cl = parseCommandLine({"-listen-addr=127.0.0.1:8443", "-destinations=a:1,b:2", "-queue-cap=10"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:8443"), cl.overrides["gateway.listen-addr"]);
        CPPUNIT_ASSERT_EQUAL(std::string("a:1,b:2"), cl.overrides["gateway.destinations"]);
        CPPUNIT_ASSERT_EQUAL(std::string("10"), cl.overrides["gateway.queue-cap"]);
    }

    void singleDashWithSpace()
    {
        auto cl = parseCommandLine({"-cert", "/c.pem", "-key", "/k.pem", "-distribution", "hash-route"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::string("/c.pem"), cl.overrides["gateway.cert"]);
        CPPUNIT_ASSERT_EQUAL(std::string("/k.pem"), cl.overrides["gateway.key"]);
        CPPUNIT_ASSERT_EQUAL(std::string("hash-route"), cl.overrides["plugins.distribution"]);
    }

    void doubleDashForms()
    {
        auto cl = parseCommandLine({"--api-addr=localhost:1", "--stat-addr", "localhost:2", "--metrics-flush=5"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::string("localhost:1"), cl.overrides["gateway.api-addr"]);
        CPPUNIT_ASSERT_EQUAL(std::string("localhost:2"), cl.overrides["gateway.stat-addr"]);
        CPPUNIT_ASSERT_EQUAL(std::string("5"), cl.overrides["gateway.metrics-flush"]);
    }

    void boolFlags()
    {
        // As in Go: a bare bool flag is true and does not consume the next argument.
        auto cl = parseCommandLine({"-dev-mode", "-console-out=false", "--key-prefix", "-listen-addr", ":1"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::string("true"), cl.overrides["gateway.dev-mode"]);
        CPPUNIT_ASSERT_EQUAL(std::string("false"), cl.overrides["gateway.console-out"]);
        CPPUNIT_ASSERT_EQUAL(std::string("true"), cl.overrides["gateway.key-prefix"]);
        CPPUNIT_ASSERT_EQUAL(std::string(":1"), cl.overrides["gateway.listen-addr"]);
        CPPUNIT_ASSERT(!parseCommandLine({"-dev-mode=maybe"}).error.empty());
    }

    void unknownFlagIsAnError()
    {
        auto cl = parseCommandLine({"-no-such-flag=1"});
        CPPUNIT_ASSERT_EQUAL(std::string("flag provided but not defined: -no-such-flag"), cl.error);
        CPPUNIT_ASSERT(!parseCommandLine({"stray"}).error.empty());
    }

    void missingValueIsAnError()
    {
        auto cl = parseCommandLine({"-destinations"});
        CPPUNIT_ASSERT_EQUAL(std::string("flag needs an argument: -destinations"), cl.error);
    }

    void daemonOptionsPassThrough()
    {
        auto cl = parseCommandLine({"--daemon", "--pidfile=/run/x.pid", "-umask", "027"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), cl.daemonArgs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("--daemon"), cl.daemonArgs[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("--pidfile=/run/x.pid"), cl.daemonArgs[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("--umask=027"), cl.daemonArgs[2]);
    }

    void configKeyOverrides()
    {
        auto cl = parseCommandLine({"--out-graphite.write-timeout=5", "-plugins.keystore", "static"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cl.error);
        CPPUNIT_ASSERT_EQUAL(std::string("5"), cl.overrides["out-graphite.write-timeout"]);
        CPPUNIT_ASSERT_EQUAL(std::string("static"), cl.overrides["plugins.keystore"]);
    }

    void helpAndEnvNames()
    {
        CPPUNIT_ASSERT(parseCommandLine({"--help"}).help);
        CPPUNIT_ASSERT(parseCommandLine({"-h"}).help);
        CPPUNIT_ASSERT(parseCommandLine({"--list-plugins"}).listPlugins);
        CPPUNIT_ASSERT_EQUAL(std::string("POLYMUR_GW_LISTEN_ADDR"), polymur::flagEnvironmentName("listen-addr"));
        const std::string usage = polymur::flagUsage("polymur-gateway");
        for (const char* flag : {"-api-addr", "-cert", "-console-out", "-destinations", "-dev-mode", "-distribution",
                                 "-key", "-listen-addr", "-metrics-flush", "-queue-cap", "-stat-addr", "-key-prefix"})
            CPPUNIT_ASSERT_MESSAGE(flag, usage.find(std::string(flag) + " ") != std::string::npos ||
                                             usage.find(std::string(flag) + "\n") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CommandLineTest);
