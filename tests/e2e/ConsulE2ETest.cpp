// ConsulE2ETest.cpp - the real gateway binary with the keystore-consul
// plugin against a real Consul agent: a key added in Consul is accepted, a
// revoked key's next batch gets 401 and its connection is closed (within
// 2 s), Consul down at start or while running, require-initial-load.
#include "HttpsClient.h"
#include "GatewayProcess.h"
#include "TcpLineSink.h"
#include "TestNet.h"
#include "support/ConsulAgent.h"

#include <Poco/Thread.h>

#include <cppunit/extensions/HelperMacros.h>

#include <iostream>

using polymur::test::ConsulAgent;
using polymur::test::GatewayOptions;
using polymur::test::GatewayProcess;
using polymur::test::HttpsClient;
using polymur::test::TcpLineSink;

namespace {

const std::string kPrefix = "polymur/gateway/keys/";

GatewayOptions consulGateway(const ConsulAgent& agent, const TcpLineSink& sink,
                             std::vector<std::string> extra = {})
{
    GatewayOptions options;
    options.useStaticKeyStore = false; // the default key store: consul
    options.destinations = sink.address();
    options.extraArgs = {"--keystore-consul.address=" + agent.address(), "--keystore-consul.retry-max=0.5"};
    options.extraArgs.insert(options.extraArgs.end(), extra.begin(), extra.end());
    return options;
}

int ping(int port, const std::string& key)
{
    HttpsClient client(port);
    return client.post("/ping", "", key).status;
}

} // namespace

class ConsulE2ETest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConsulE2ETest);
    CPPUNIT_TEST(testAddAndRevokeWhileConnected);
    CPPUNIT_TEST(testConsulDownWhileRunning);
    CPPUNIT_TEST(testConsulDownAtStart);
    CPPUNIT_TEST(testRequireInitialLoad);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAddAndRevokeWhileConnected()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "test-user", "test-key");
        TcpLineSink sink;
        GatewayProcess gateway(consulGateway(agent, sink));
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.output().find("API keys refreshed: 1 new, 0 removed")
                                                     != std::string::npos);

        HttpsClient client(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", polymur::test::gzip("a.b 1 1700000000\n"), "test-key").status);
        CPPUNIT_ASSERT(sink.waitForLines(1, std::chrono::seconds(5)));

        // Added in Consul while running: accepted within 2 s.
        agent.putKv(kPrefix + "second-user", "second-key");
        CPPUNIT_ASSERT(polymur::test::waitFor([&] { return ping(gateway.httpsPort(), "second-key") == 200; },
                                              std::chrono::milliseconds(2000)));

        // Revoked while its connection is open: its next batch gets 401 and
        // the connection is closed, within 2 s.
        const auto revokedAt = std::chrono::steady_clock::now();
        agent.deleteKv(kPrefix + "test-user");
        polymur::test::HttpResult result;
        int batches = 0;
        const bool refused = polymur::test::waitFor(
            [&] {
                result = client.post("/ingest", polymur::test::gzip("revoke.probe " + std::to_string(++batches) + " 1\n"),
                                     "test-key");
                return result.status == 401;
            },
            std::chrono::milliseconds(2000));
        const auto latency =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - revokedAt);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), refused);
        std::cout << "\n  gateway revoke latency (DELETE in Consul -> first 401): " << latency.count() << " ms"
                  << std::endl;
        CPPUNIT_ASSERT(!result.keepAlive); // "Connection: close"
        int status = 0;
        CPPUNIT_ASSERT(polymur::test::serverClosesAfter(
            gateway.httpsPort(),
            "POST /ingest HTTP/1.1\r\nHost: x\r\nX-polymur-key: test-key\r\nContent-Length: 0\r\n\r\n", status));
        CPPUNIT_ASSERT_EQUAL(401, status);
        CPPUNIT_ASSERT_EQUAL(200, ping(gateway.httpsPort(), "second-key"));

        // A changed value: the old key is refused, the new one accepted.
        agent.putKv(kPrefix + "second-user", "second-key-v2");
        CPPUNIT_ASSERT(polymur::test::waitFor([&] { return ping(gateway.httpsPort(), "second-key-v2") == 200; },
                                              std::chrono::milliseconds(2000)));
        CPPUNIT_ASSERT_EQUAL(401, ping(gateway.httpsPort(), "second-key"));

        // No key value ever reaches the log.
        const std::string log = gateway.output();
        for (const char* secret : {"test-key", "second-key"})
            CPPUNIT_ASSERT_MESSAGE(log, log.find(secret) == std::string::npos);
    }

    void testConsulDownWhileRunning()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "test-user", "test-key");
        TcpLineSink sink;
        GatewayProcess gateway(consulGateway(agent, sink));
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        CPPUNIT_ASSERT_EQUAL(200, ping(gateway.httpsPort(), "test-key"));

        agent.stop(true);
        Poco::Thread::sleep(3000);
        CPPUNIT_ASSERT(gateway.running());
        CPPUNIT_ASSERT_EQUAL(200, ping(gateway.httpsPort(), "test-key")); // cached keys still accepted
        HttpsClient client(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", polymur::test::gzip("down.ok 1 1700000000\n"), "test-key").status);

        agent.start(); // a dev agent comes back empty
        agent.putKv(kPrefix + "new-user", "new-key");
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               polymur::test::waitFor([&] { return ping(gateway.httpsPort(), "new-key") == 200; },
                                                      std::chrono::milliseconds(5000)));
        CPPUNIT_ASSERT_EQUAL(401, ping(gateway.httpsPort(), "test-key")); // not in the new Consul
        const std::string log = gateway.output();
        CPPUNIT_ASSERT_MESSAGE(log, log.find("Consul key sync failed") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(log, log.find("recovered") != std::string::npos);
    }

    void testConsulDownAtStart()
    {
        ConsulAgent agent; // not started
        TcpLineSink sink;
        GatewayProcess gateway(consulGateway(agent, sink));
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               gateway.output().find("Starting without API keys from Consul") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(401, ping(gateway.httpsPort(), "test-key"));

        agent.start();
        agent.putKv(kPrefix + "test-user", "test-key");
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               polymur::test::waitFor([&] { return ping(gateway.httpsPort(), "test-key") == 200; },
                                                      std::chrono::milliseconds(5000)));
    }

    void testRequireInitialLoad()
    {
        ConsulAgent agent; // not started
        TcpLineSink sink;
        GatewayProcess gateway(consulGateway(agent, sink, {"--keystore-consul.require-initial-load=true"}));
        CPPUNIT_ASSERT(!gateway.start());
        const int code = gateway.waitExit(std::chrono::seconds(10));
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), code != 0 && code != -1);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               gateway.output().find("initial API key load from Consul") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConsulE2ETest);
