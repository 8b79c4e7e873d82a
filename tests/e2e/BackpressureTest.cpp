// BackpressureTest.cpp - a destination that is down fills its queue; the
// gateway then answers 503 + Retry-After and queues nothing of the refused
// batch; once the destination returns, a client that retries on 503 ends
// with every point delivered exactly once to every destination.
// overflow = drop keeps answering 200 and delivers only what fitted.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <random>
#include <thread>

using namespace polymur::test;
using namespace std::chrono_literals;

namespace {

/// A free port for a destination that is down, below the ephemeral range
/// (32768-60999): the gateway's reconnect attempts to a port inside it can
/// land on a TCP self-connection (source port == destination port), which
/// "delivers" the queued points to nobody.
int freeLowPort()
{
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; attempt < 200; ++attempt)
    {
        const int port = 20000 + static_cast<int>(random() % 12000);
        try
        {
            Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
            return port;
        }
        catch (const Poco::Exception&)
        {
        }
    }
    return freePort();
}

} // namespace

class BackpressureTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BackpressureTest);
    CPPUNIT_TEST(broadcastRetryOn503DeliversExactlyOnce);
    CPPUNIT_TEST(overflowDropKeepsAnswering200);
    CPPUNIT_TEST(hashRouteRetryOn503DeliversExactlyOnce);
    CPPUNIT_TEST(hashRouteFailoverDeliversExactlyOnce);
    CPPUNIT_TEST_SUITE_END();

    static constexpr int kPointsPerBatch = 200;
    static constexpr int kQueueCap = 3000;

    static void assertExactlyOnce(const TcpLineSink& sink, std::size_t expected, const std::string& what)
    {
        const auto counts = sink.lineCounts();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": distinct lines", expected, counts.size());
        for (const auto& [line, count] : counts)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": copies of " + line, 1, count);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": lines", expected, sink.lineCount());
    }

    /// Points dropped for `destination`, from runstats (GET /stats).
    static long droppedAt(int statPort, const std::string& destination)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(statPort));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/stats", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string json;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), json);
        auto root = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        return root->getObject("destinations")->getObject(destination)->getValue<long>("dropped");
    }

    /// Lines of both sinks together: each sent line exactly once.
    static void assertUnionExactlyOnce(const TcpLineSink& a, const TcpLineSink& b, std::size_t expected)
    {
        auto counts = a.lineCounts();
        for (const auto& [line, count] : b.lineCounts())
            counts[line] += count;
        CPPUNIT_ASSERT_EQUAL_MESSAGE("distinct lines", expected, counts.size());
        for (const auto& [line, count] : counts)
            CPPUNIT_ASSERT_EQUAL_MESSAGE("copies of " + line, 1, count);
        CPPUNIT_ASSERT_EQUAL(expected, a.lineCount() + b.lineCount());
    }

    /// Post batches `from`..`to`-1, retrying each on 503; returns how many
    /// were accepted before `deadline`.
    static int postRetrying(HttpsClient& client, const std::string& prefix, int from, int to,
                            std::chrono::steady_clock::time_point deadline)
    {
        int batch = from;
        while (batch < to && std::chrono::steady_clock::now() < deadline)
        {
            const HttpResult result =
                client.post("/ingest", gzip(makeLines(prefix + std::to_string(batch), kPointsPerBatch)), "test-key");
            if (result.status == 200)
                ++batch;
            else
            {
                CPPUNIT_ASSERT_EQUAL(503, result.status);
                std::this_thread::sleep_for(100ms);
            }
        }
        return batch;
    }

public:
    void hashRouteRetryOn503DeliversExactlyOnce()
    {
        // Without failover, the points of a destination that is down wait
        // in its queue: it fills, then 503.
        TcpLineSink up;
        const int downPort = freeLowPort();
        GatewayOptions options;
        options.distribution = "hash-route";
        // Carbon's ring tells nodes apart by (host, instance).
        options.destinations = up.address() + ":a,127.0.0.1:" + std::to_string(downPort) + ":b";
        options.extraArgs = {"--gateway.queue-cap=" + std::to_string(kQueueCap), "--dist-hashroute.failover=off"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        HttpsClient client(gateway.httpsPort());

        int batch = 0;
        HttpResult refused;
        for (; batch < 200; ++batch)
        {
            refused = client.post("/ingest", gzip(makeLines("hr.b" + std::to_string(batch), kPointsPerBatch)),
                                  "test-key");
            if (refused.status != 200)
                break;
        }
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT(!refused.headers["Retry-After"].empty());
        CPPUNIT_ASSERT(batch >= kQueueCap / kPointsPerBatch); // about half of each batch waits

        TcpLineSink returned(downPort);
        const int total = batch + 20;
        CPPUNIT_ASSERT_EQUAL(total, postRetrying(client, "hr.b", batch, total, std::chrono::steady_clock::now() + 60s));
        const std::size_t expected = static_cast<std::size_t>(total * kPointsPerBatch);
        CPPUNIT_ASSERT(waitFor([&] { return up.lineCount() + returned.lineCount() >= expected; }, 20s));
        std::this_thread::sleep_for(300ms);
        CPPUNIT_ASSERT(up.lineCount() > 0 && returned.lineCount() > 0);
        assertUnionExactlyOnce(up, returned, expected);
    }

    void hashRouteFailoverDeliversExactlyOnce()
    {
        // With failover, a destination that stays down leaves the ring and
        // its points (queued ones included) go to the others: nothing is
        // refused, nothing lost, nothing doubled.
        TcpLineSink up;
        const int downPort = freeLowPort();
        GatewayOptions options;
        options.distribution = "hash-route";
        options.destinations = up.address() + ":a,127.0.0.1:" + std::to_string(downPort) + ":b";
        options.extraArgs = {"--gateway.queue-cap=" + std::to_string(kQueueCap), "--dist-hashroute.failover-after=2"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        HttpsClient client(gateway.httpsPort());

        const int total = 60;
        CPPUNIT_ASSERT_EQUAL(total, postRetrying(client, "fo.b", 0, total, std::chrono::steady_clock::now() + 60s));
        const std::size_t expected = static_cast<std::size_t>(total * kPointsPerBatch);
        CPPUNIT_ASSERT(up.waitForLines(expected, 30s));
        std::this_thread::sleep_for(300ms);
        const auto counts = up.lineCounts();
        CPPUNIT_ASSERT_EQUAL(expected, counts.size());
        for (const auto& [line, count] : counts)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 1, count);
    }

    void broadcastRetryOn503DeliversExactlyOnce()
    {
        TcpLineSink up;
        const int downPort = freeLowPort();
        GatewayOptions options;
        options.destinations = up.address() + ",127.0.0.1:" + std::to_string(downPort);
        options.extraArgs = {"--gateway.queue-cap=" + std::to_string(kQueueCap)};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        HttpsClient client(gateway.httpsPort());

        // Fill the queue of the destination that is down.
        int batch = 0;
        HttpResult refused;
        for (; batch < 100; ++batch)
        {
            refused = client.post("/ingest", gzip(makeLines("bp.b" + std::to_string(batch), kPointsPerBatch)),
                                  "test-key");
            if (refused.status != 200)
                break;
        }
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT(!refused.headers["Retry-After"].empty());
        // Accepted exactly what fits in the down destination's queue.
        CPPUNIT_ASSERT_EQUAL(kQueueCap / kPointsPerBatch, batch);
        // The refused batch reached neither destination (all-or-nothing).
        CPPUNIT_ASSERT(up.waitForLines(static_cast<std::size_t>(batch * kPointsPerBatch), 10s));
        std::this_thread::sleep_for(300ms);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(batch * kPointsPerBatch), up.lineCount());

        // The destination returns; the client retries every refused batch.
        TcpLineSink returned(downPort);
        const int total = 40;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        int retries = 0;
        for (; batch < total && std::chrono::steady_clock::now() < deadline;)
        {
            const HttpResult result =
                client.post("/ingest", gzip(makeLines("bp.b" + std::to_string(batch), kPointsPerBatch)), "test-key");
            if (result.status == 200)
                ++batch;
            else
            {
                CPPUNIT_ASSERT_EQUAL(503, result.status);
                ++retries;
                std::this_thread::sleep_for(100ms);
            }
        }
        CPPUNIT_ASSERT_EQUAL(total, batch);
        const std::size_t expected = static_cast<std::size_t>(total * kPointsPerBatch);
        CPPUNIT_ASSERT_MESSAGE("up sink", up.waitForLines(expected, 20s));
        CPPUNIT_ASSERT_MESSAGE("returned sink", returned.waitForLines(expected, 20s));
        std::this_thread::sleep_for(300ms);
        assertExactlyOnce(up, expected, "destination that stayed up");
        assertExactlyOnce(returned, expected, "destination that returned");
    }

    void overflowDropKeepsAnswering200()
    {
        TcpLineSink up;
        const int downPort = freeLowPort();
        GatewayOptions options;
        options.destinations = up.address() + ",127.0.0.1:" + std::to_string(downPort);
        options.extraArgs = {"--gateway.queue-cap=" + std::to_string(kQueueCap), "--gateway.overflow=drop"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        HttpsClient client(gateway.httpsPort());

        const int total = 30;
        for (int batch = 0; batch < total; ++batch)
            CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest",
                                                  gzip(makeLines("drop.b" + std::to_string(batch), kPointsPerBatch)),
                                                  "test-key")
                                          .status);
        const std::size_t expected = static_cast<std::size_t>(total * kPointsPerBatch);
        CPPUNIT_ASSERT(up.waitForLines(expected, 20s));
        // Every point that did not fit is counted for its destination.
        const std::string down = "127.0.0.1:" + std::to_string(downPort);
        CPPUNIT_ASSERT_EQUAL(static_cast<long>(total * kPointsPerBatch - kQueueCap), droppedAt(gateway.statPort(), down));
        CPPUNIT_ASSERT_EQUAL(0L, droppedAt(gateway.statPort(), up.address()));
        TcpLineSink returned(downPort);
        // The down destination gets only what its queue held: whole batches.
        CPPUNIT_ASSERT(returned.waitForLines(static_cast<std::size_t>(kQueueCap), 20s));
        std::this_thread::sleep_for(500ms);
        assertExactlyOnce(up, expected, "destination that stayed up");
        assertExactlyOnce(returned, static_cast<std::size_t>(kQueueCap), "destination that returned");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BackpressureTest);
