// SlowClientTest.cpp - clients that trickle one byte per second (slowloris on
// the request headers, a TLS handshake that never completes) are cut off by
// the connection deadlines and never hold up a normal client's batch.
#include "GatewayProcess.h"
#include "HostileClients.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <vector>

using namespace polymur::test;
using namespace std::chrono_literals;

class SlowClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SlowClientTest);
    CPPUNIT_TEST(oneSlowClientDoesNotDelayABatch);
    CPPUNIT_TEST(moreSlowClientsThanWorkersAreCutOff);
    CPPUNIT_TEST(idleKeepAliveConnectionsMakeRoom);
    CPPUNIT_TEST_SUITE_END();

    static std::string slowRequest()
    {
        return "POST /ingest HTTP/1.1\r\nHost: gateway\r\nX-polymur-key: test-key\r\nX-Padding: " +
               std::string(200, 'p') + "\r\n\r\n";
    }

    /// Post one batch on a fresh connection; returns its duration (-1 ms on failure).
    static std::chrono::milliseconds timedBatch(int port, const std::string& prefix, int points)
    {
        const auto start = std::chrono::steady_clock::now();
        HttpsClient client(port);
        const HttpResult result = client.post("/ingest", gzip(makeLines(prefix, points)), "test-key");
        if (result.status != 200)
            return std::chrono::milliseconds(-1);
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    }

public:
    void oneSlowClientDoesNotDelayABatch()
    {
        TcpLineSink sink;
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = {"--gateway.header-timeout=10"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());

        TrickleClient slowHeaders(gateway.httpsPort(), slowRequest(), true, 1000ms);
        TrickleClient slowHandshake(gateway.httpsPort(), clientHelloPrefix(), false, 1000ms);
        CPPUNIT_ASSERT_MESSAGE("slow clients: sent " + std::to_string(slowHeaders.bytesSent()) + "/" +
                                   std::to_string(slowHandshake.bytesSent()) + " closed " +
                                   std::to_string(slowHeaders.closedByServer()) + "/" +
                                   std::to_string(slowHandshake.closedByServer()),
                               waitFor([&] { return slowHeaders.bytesSent() >= 2 && slowHandshake.bytesSent() >= 2; }, 5s));

        const auto took = timedBatch(gateway.httpsPort(), "normal", 500);
        CPPUNIT_ASSERT_MESSAGE("normal batch failed", took.count() >= 0);
        CPPUNIT_ASSERT_MESSAGE("normal batch took " + std::to_string(took.count()) + " ms", took < 2000ms);
        CPPUNIT_ASSERT(sink.waitForLines(500, 10s));
        // The slow ones are still being served (their deadline is 10 s away).
        CPPUNIT_ASSERT(!slowHeaders.closedByServer());
    }

    void moreSlowClientsThanWorkersAreCutOff()
    {
        TcpLineSink sink;
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = {"--gateway.http-threads=4", "--gateway.header-timeout=3",
                             "--gateway.request-timeout=5"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());

        // Eight slow clients on four workers: two rounds of deadlines.
        std::vector<std::unique_ptr<TrickleClient>> slow;
        for (int i = 0; i < 4; ++i)
        {
            slow.push_back(std::make_unique<TrickleClient>(gateway.httpsPort(), slowRequest(), true, 1000ms));
            slow.push_back(
                std::make_unique<TrickleClient>(gateway.httpsPort(), clientHelloPrefix(), false, 1000ms));
        }
        std::this_thread::sleep_for(500ms);

        const auto took = timedBatch(gateway.httpsPort(), "normal", 500);
        CPPUNIT_ASSERT_MESSAGE("normal batch failed: " + gateway.output(), took.count() >= 0);
        // Bounded by header deadline (3 s) + grace for queued connections (1 s) + slack.
        CPPUNIT_ASSERT_MESSAGE("normal batch took " + std::to_string(took.count()) + " ms", took < 7000ms);
        CPPUNIT_ASSERT(sink.waitForLines(500, 10s));

        // Every slow client is closed by the server, none lasts its whole payload.
        CPPUNIT_ASSERT(waitFor(
            [&] {
                for (auto& client : slow)
                    if (!client->closedByServer())
                        return false;
                return true;
            },
            15s));
        for (auto& client : slow)
        {
            CPPUNIT_ASSERT_MESSAGE("slow client lasted " + std::to_string(client->closedAfter().count()) + " ms",
                                   client->closedAfter() < 9000ms);
            CPPUNIT_ASSERT(client->bytesSent() < 12);
        }
        CPPUNIT_ASSERT(gateway.waitForOutput("Closed a connection stalled in", 2s));
        // And the gateway keeps serving.
        CPPUNIT_ASSERT(timedBatch(gateway.httpsPort(), "after", 10).count() >= 0);
    }

    void idleKeepAliveConnectionsMakeRoom()
    {
        TcpLineSink sink;
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = {"--gateway.http-threads=2", "--gateway.keepalive-timeout=60"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());

        // Two keep-alive clients hold both workers while idle.
        HttpsClient first(gateway.httpsPort());
        HttpsClient second(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, first.post("/ingest", gzip(makeLines("first", 10)), "test-key").status);
        CPPUNIT_ASSERT_EQUAL(200, second.post("/ingest", gzip(makeLines("second", 10)), "test-key").status);

        // A third client is served without waiting for their keep-alive timeout.
        const auto took = timedBatch(gateway.httpsPort(), "third", 10);
        CPPUNIT_ASSERT_MESSAGE("third batch failed", took.count() >= 0);
        CPPUNIT_ASSERT_MESSAGE("third batch took " + std::to_string(took.count()) + " ms", took < 3000ms);
        CPPUNIT_ASSERT(sink.waitForLines(30, 10s));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SlowClientTest);
