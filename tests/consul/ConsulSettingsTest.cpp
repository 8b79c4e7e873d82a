// ConsulSettingsTest.cpp - Consul connection settings: explicit options,
// the official clients' environment variables, defaults.
#include "ConsulSettings.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <map>

using polymur::consul::ConsulOptions;
using polymur::consul::ConsulSettings;
using polymur::consul::resolveSettings;

namespace {

/// An environment made of a map, so tests never depend on the real one.
struct FakeEnv
{
    std::map<std::string, std::string> vars;

    std::string operator()(const std::string& name) const
    {
        const auto it = vars.find(name);
        return it == vars.end() ? std::string() : it->second;
    }
};

} // namespace

class ConsulSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConsulSettingsTest);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testEnvAddressWithAndWithoutScheme);
    CPPUNIT_TEST(testOptionWinsOverEnv);
    CPPUNIT_TEST(testSslFlag);
    CPPUNIT_TEST(testDefaultPortFollowsScheme);
    CPPUNIT_TEST(testIpv6);
    CPPUNIT_TEST(testToken);
    CPPUNIT_TEST(testTlsFiles);
    CPPUNIT_TEST(testRejectsBadInput);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaults()
    {
        const ConsulSettings s = resolveSettings(ConsulOptions(), FakeEnv());
        CPPUNIT_ASSERT(!s.https);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8500), s.port);
        CPPUNIT_ASSERT(s.token.empty());
        CPPUNIT_ASSERT(s.verifyServer);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8500"), s.url());
    }

    void testEnvAddressWithAndWithoutScheme()
    {
        FakeEnv env;
        env.vars["CONSUL_HTTP_ADDR"] = "consul.local:8501";
        ConsulSettings s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT_EQUAL(std::string("consul.local"), s.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8501), s.port);
        CPPUNIT_ASSERT(!s.https);

        env.vars["CONSUL_HTTP_ADDR"] = "https://10.0.0.5:8501";
        s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT(s.https);
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.5"), s.host);
        CPPUNIT_ASSERT_EQUAL(std::string("https://10.0.0.5:8501"), s.url());

        env.vars["CONSUL_HTTP_ADDR"] = "http://10.0.0.5:8500/";
        s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT(!s.https);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8500), s.port);
    }

    void testOptionWinsOverEnv()
    {
        FakeEnv env;
        env.vars["CONSUL_HTTP_ADDR"] = "https://env-host:1";
        env.vars["CONSUL_HTTP_TOKEN"] = "env-token";
        ConsulOptions options;
        options.address = "cfg-host:2";
        options.token = "cfg-token";
        const ConsulSettings s = resolveSettings(options, env);
        CPPUNIT_ASSERT_EQUAL(std::string("cfg-host"), s.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2), s.port);
        CPPUNIT_ASSERT(!s.https);
        CPPUNIT_ASSERT_EQUAL(std::string("cfg-token"), s.token);
    }

    void testSslFlag()
    {
        FakeEnv env;
        env.vars["CONSUL_HTTP_SSL"] = "true";
        ConsulSettings s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT(s.https);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8500), s.port);

        // A scheme written in the address wins, as in the Go client.
        env.vars["CONSUL_HTTP_ADDR"] = "http://h:1";
        s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT(!s.https);

        ConsulOptions options;
        options.ssl = "false";
        env.vars.erase("CONSUL_HTTP_ADDR");
        s = resolveSettings(options, env);
        CPPUNIT_ASSERT(!s.https);

        env.vars["CONSUL_HTTP_SSL_VERIFY"] = "0";
        s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT(!s.verifyServer);
        options.sslVerify = "T";
        s = resolveSettings(options, env);
        CPPUNIT_ASSERT(s.verifyServer);
    }

    void testDefaultPortFollowsScheme()
    {
        ConsulOptions options;
        options.address = "consul.service";
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(80), resolveSettings(options, FakeEnv()).port);
        options.address = "https://consul.service";
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(443), resolveSettings(options, FakeEnv()).port);
    }

    void testIpv6()
    {
        ConsulOptions options;
        options.address = "[::1]:8500";
        const ConsulSettings s = resolveSettings(options, FakeEnv());
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), s.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8500), s.port);
        CPPUNIT_ASSERT_EQUAL(std::string("http://[::1]:8500"), s.url());
        options.address = "::1:8500";
        CPPUNIT_ASSERT_THROW(resolveSettings(options, FakeEnv()), Poco::InvalidArgumentException);
    }

    void testToken()
    {
        Poco::TemporaryFile file;
        {
            std::ofstream out(file.path());
            out << "  file-token\n";
        }
        FakeEnv env;
        env.vars["CONSUL_HTTP_TOKEN_FILE"] = file.path();
        CPPUNIT_ASSERT_EQUAL(std::string("file-token"), resolveSettings(ConsulOptions(), env).token);
        env.vars["CONSUL_HTTP_TOKEN"] = "env-token";
        CPPUNIT_ASSERT_EQUAL(std::string("env-token"), resolveSettings(ConsulOptions(), env).token);
        ConsulOptions options;
        options.tokenFile = file.path();
        CPPUNIT_ASSERT_EQUAL(std::string("file-token"), resolveSettings(options, env).token);
        options.tokenFile = file.path() + ".missing";
        CPPUNIT_ASSERT_THROW(resolveSettings(options, env), Poco::InvalidArgumentException);
        options.tokenFile.clear();
        options.token = "bad\r\nX-Injected: 1";
        CPPUNIT_ASSERT_THROW(resolveSettings(options, env), Poco::InvalidArgumentException);
    }

    void testTlsFiles()
    {
        FakeEnv env;
        env.vars["CONSUL_CAPATH"] = "/etc/consul/ca.d";
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/consul/ca.d"), resolveSettings(ConsulOptions(), env).caFile);
        env.vars["CONSUL_CACERT"] = "/etc/consul/ca.pem";
        env.vars["CONSUL_CLIENT_CERT"] = "/c.pem";
        env.vars["CONSUL_CLIENT_KEY"] = "/k.pem";
        ConsulSettings s = resolveSettings(ConsulOptions(), env);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/consul/ca.pem"), s.caFile);
        CPPUNIT_ASSERT_EQUAL(std::string("/c.pem"), s.certFile);
        CPPUNIT_ASSERT_EQUAL(std::string("/k.pem"), s.keyFile);
        ConsulOptions options;
        options.caFile = "/mine.pem";
        CPPUNIT_ASSERT_EQUAL(std::string("/mine.pem"), resolveSettings(options, env).caFile);
    }

    void testRejectsBadInput()
    {
        const char* bad[] = {"unix:///tmp/consul.sock", "ftp://h:1", "h:0", "h:65536", "h:port", "", "http://",
                             ":8500", "[::1", "[::1]x", "h/x:1"};
        for (const char* address : bad)
        {
            ConsulOptions options;
            options.address = address;
            if (options.address.empty())
            {
                FakeEnv env;
                env.vars["CONSUL_HTTP_ADDR"] = "http://";
                CPPUNIT_ASSERT_THROW_MESSAGE("empty host", resolveSettings(options, env), Poco::InvalidArgumentException);
                continue;
            }
            CPPUNIT_ASSERT_THROW_MESSAGE(address, resolveSettings(options, FakeEnv()), Poco::InvalidArgumentException);
        }
        FakeEnv env;
        env.vars["CONSUL_HTTP_SSL"] = "yes";
        CPPUNIT_ASSERT_THROW(resolveSettings(ConsulOptions(), env), Poco::InvalidArgumentException);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConsulSettingsTest);
