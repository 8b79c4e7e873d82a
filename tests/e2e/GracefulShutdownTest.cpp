// GracefulShutdownTest.cpp - SIGTERM during a steady flow towards a slow
// sink: the gateway stops accepting, finishes in-flight requests, drains
// the queues and exits 0; every point acknowledged with 200 arrives.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <mutex>
#include <set>

using namespace polymur::test;

class GracefulShutdownTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GracefulShutdownTest);
    CPPUNIT_TEST(testSigtermDeliversEveryAcknowledgedPoint);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSigtermDeliversEveryAcknowledgedPoint()
    {
        TcpLineSink sink;
        sink.setSlow(std::chrono::milliseconds(5), 2048); // ~400 kB/s: the queue builds up
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = {"--gateway.drain-timeout=60"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());

        constexpr int kPointsPerBatch = 500;
        std::mutex mutex;
        std::vector<std::string> acknowledged; // batch prefixes answered 200
        std::atomic<bool> stop{false};
        std::atomic<int> refused{0};
        const auto sender = [&](int id) {
            for (int batch = 0; !stop && batch < 100000; ++batch)
            {
                const std::string prefix = "gs." + std::to_string(id) + "." + std::to_string(batch);
                try
                {
                    HttpsClient client(gateway.httpsPort());
                    const HttpResult r = client.post("/ingest", gzip(makeLines(prefix, kPointsPerBatch)), "test-key");
                    if (r.status == 200)
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        acknowledged.push_back(prefix);
                    }
                    else
                        ++refused;
                }
                catch (...)
                {
                    // Listener closed or connection cut: not acknowledged. Stop once
                    // the gateway is going away.
                    if (!gateway.running())
                        return;
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
            }
        };
        std::thread a(sender, 1);
        std::thread b(sender, 2);
        // Steady flow until the gateway's own queue holds a backlog (beyond
        // what the kernel socket buffers absorb).
        std::int64_t queued = 0;
        const bool backlog = waitFor(
            [&] {
                try
                {
                    auto doc = Poco::JSON::Parser().parse(plainHttp(gateway.statPort(), "GET", "/stats").body)
                                   .extract<Poco::JSON::Object::Ptr>();
                    queued = doc->getObject("destinations")->getObject(sink.address())->getValue<Poco::Int64>("queue-points");
                }
                catch (...)
                {
                }
                return queued >= 20000;
            },
            std::chrono::seconds(30));
        gateway.signal(SIGTERM);
        const auto signalled = std::chrono::steady_clock::now();
        const int exitCode = gateway.waitExit(std::chrono::seconds(90));
        const auto exited = std::chrono::steady_clock::now();
        stop = true;
        a.join();
        b.join();
        CPPUNIT_ASSERT_MESSAGE("the sink never lagged behind the flow", backlog);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gateway.output(), 0, exitCode);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               gateway.output().find("every acknowledged point was delivered") != std::string::npos);

        const std::size_t expected = acknowledged.size() * kPointsPerBatch;
        CPPUNIT_ASSERT(expected > 0);
        // The kernel still holds what the gateway wrote before exiting; the slow sink reads on.
        sink.setSlow(std::chrono::milliseconds(0), 65536);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(sink.lineCount()) + " of " + std::to_string(expected),
                               sink.waitForLines(expected, std::chrono::seconds(60)));
        const auto counts = sink.lineCounts();
        std::size_t missing = 0;
        for (const auto& prefix : acknowledged)
            for (int i = 0; i < kPointsPerBatch; ++i)
                if (!counts.count(prefix + "." + std::to_string(i) + " " + std::to_string(i) + " 1700000000"))
                    ++missing;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), missing);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sink.tornLines());
        std::cout << "\n  graceful shutdown: " << queued << " points queued at SIGTERM, " << expected
                  << " acknowledged points all delivered, " << refused << " batches refused, exit after "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(exited - signalled).count() << " ms\n";
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GracefulShutdownTest);
