// IngestE2ETest.cpp - the real gateway over HTTPS delivering to a real TCP
// sink: the polymur wire protocol as the original proxy speaks it.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>

using namespace polymur::test;
using namespace std::chrono_literals;

class IngestE2ETest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IngestE2ETest);
    CPPUNIT_TEST(pingAndIngestDeliverExactLines);
    CPPUNIT_TEST(badKeyGets401AndConnectionClosed);
    CPPUNIT_TEST(nonGzipBodyIs400);
    CPPUNIT_TEST(multiMemberGzipDeliversEveryMember);
    CPPUNIT_TEST(emptyGzipStreamIs200);
    CPPUNIT_TEST(lateDestinationReceivesQueuedPoints);
    CPPUNIT_TEST(keyPrefixAndInvalidLines);
    CPPUNIT_TEST(sigtermExitsZero);
    CPPUNIT_TEST_SUITE_END();

    static std::string describe(const GatewayProcess& gw) { return "gateway output:\n" + gw.output(); }

    /// A started gateway whose only destination is `sink`.
    static std::unique_ptr<GatewayProcess> startFor(const TcpLineSink& sink, std::vector<std::string> extraArgs = {})
    {
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = std::move(extraArgs);
        auto gw = std::make_unique<GatewayProcess>(options);
        CPPUNIT_ASSERT_MESSAGE(describe(*gw), gw->start());
        return gw;
    }

public:
    void pingAndIngestDeliverExactLines()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;

        HttpsClient client(gw.httpsPort());
        HttpResult ping = client.post("/ping", "", "test-key");
        CPPUNIT_ASSERT_EQUAL(200, ping.status);
        CPPUNIT_ASSERT_EQUAL(std::string("key is valid\n"), ping.body);

        const std::string lines = makeLines("servers.web01.cpu", 5000);
        HttpResult ingest = client.post("/ingest", gzip(lines), "test-key");
        CPPUNIT_ASSERT_EQUAL(200, ingest.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Batch Received\n"), ingest.body);
        CPPUNIT_ASSERT_MESSAGE(describe(gw), sink.waitForLines(5000, 10s));
        const auto received = sink.lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), received.size());
        std::string joined;
        for (const auto& line : received)
            joined += line + "\n";
        CPPUNIT_ASSERT(lines == joined);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sink.tornLines());
        CPPUNIT_ASSERT(gw.waitForOutput("key for test-user is valid", 2s));
        CPPUNIT_ASSERT(gw.waitForOutput("Recieved batch from test-user", 2s));
    }

    void badKeyGets401AndConnectionClosed()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;

        HttpsClient client(gw.httpsPort());
        HttpResult ping = client.post("/ping", "", "wrong-key-123");
        CPPUNIT_ASSERT_EQUAL(401, ping.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid key"), ping.body);
        CPPUNIT_ASSERT(!ping.keepAlive);

        const std::string body = gzip("a 1 1\n");
        const std::string raw = "POST /ingest HTTP/1.1\r\nHost: x\r\nX-Polymur-Key: wrong-key-123\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body;
        int status = 0;
        CPPUNIT_ASSERT(serverClosesAfter(gw.httpsPort(), raw, status));
        CPPUNIT_ASSERT_EQUAL(401, status);
        // The key never appears in the log, only a fingerprint.
        CPPUNIT_ASSERT(gw.waitForOutput("is not a valid key", 2s));
        CPPUNIT_ASSERT(gw.output().find("wrong-key-123") == std::string::npos);
        std::this_thread::sleep_for(200ms);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sink.lineCount());
    }

    void nonGzipBodyIs400()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;
        HttpsClient client(gw.httpsPort());
        HttpResult plain = client.post("/ingest", "a.b 1 1\n", "test-key");
        CPPUNIT_ASSERT_EQUAL(400, plain.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Batch Malformed\n"), plain.body);
        HttpResult empty = client.post("/ingest", "", "test-key");
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        // The daemon keeps serving on the same connection.
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip("ok 1 1\n"), "test-key").status);
        CPPUNIT_ASSERT(sink.waitForLines(1, 5s));
    }

    void multiMemberGzipDeliversEveryMember()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;
        HttpsClient client(gw.httpsPort());
        const std::string body = gzip(makeLines("first", 100)) + gzip(makeLines("second", 50)) + gzip("third.0 1 1");
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", body, "test-key").status);
        CPPUNIT_ASSERT_MESSAGE(describe(gw), sink.waitForLines(151, 10s));
        auto counts = sink.lineCounts();
        CPPUNIT_ASSERT_EQUAL(1, counts["first.99 99 1700000000"]);
        CPPUNIT_ASSERT_EQUAL(1, counts["second.49 49 1700000000"]);
        CPPUNIT_ASSERT_EQUAL(1, counts["third.0 1 1"]);
    }

    void emptyGzipStreamIs200()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;
        HttpsClient client(gw.httpsPort());
        HttpResult r = client.post("/ingest", gzip(""), "test-key");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Batch Received\n"), r.body);
    }

    void lateDestinationReceivesQueuedPoints()
    {
        const int port = freePort();
        GatewayOptions options;
        options.destinations = "127.0.0.1:" + std::to_string(port);
        GatewayProcess gw(options);
        CPPUNIT_ASSERT_MESSAGE(describe(gw), gw.start());
        HttpsClient client(gw.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("early", 300)), "test-key").status);
        CPPUNIT_ASSERT(gw.waitForOutput("connect failed", 5s));
        TcpLineSink sink(port);
        CPPUNIT_ASSERT_MESSAGE(describe(gw), sink.waitForLines(300, 10s));
        CPPUNIT_ASSERT_EQUAL(std::size_t(300), sink.lineCount());
    }

    void keyPrefixAndInvalidLines()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink, {"-key-prefix"});
        GatewayProcess& gw = *gateway;
        HttpsClient client(gw.httpsPort());
        HttpResult r = client.post("/ingest", gzip("a.b 1 1\r\nbroken line\n\nc.d 2 2"), "test-key");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), r.headers["X-Polymur-Skipped"]);
        CPPUNIT_ASSERT(sink.waitForLines(2, 5s));
        auto lines = sink.lines();
        CPPUNIT_ASSERT_EQUAL(std::string("test-user.a.b 1 1"), lines[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("test-user.c.d 2 2"), lines[1]);
    }

    void sigtermExitsZero()
    {
        TcpLineSink sink;
        auto gateway = startFor(sink);
        GatewayProcess& gw = *gateway;
        HttpsClient client(gw.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("x", 10)), "test-key").status);
        gw.signal(SIGTERM);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(gw), 0, gw.waitExit(20s));
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), sink.lineCount());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IngestE2ETest);
