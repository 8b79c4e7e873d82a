// RunstatsTest.cpp - runstats of the real binary: the `stats` line command,
// GET /stats (JSON) and GET /metrics (Prometheus text, checked by a strict
// parser) and that the counters move with traffic; the 5-second summary
// log lines; -metrics-flush producing the original's names at a sink.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "PrometheusText.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <Poco/Environment.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur::test;

namespace {

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

PrometheusDocument scrape(int port)
{
    const PlainHttpResult r = plainHttp(port, "GET", "/metrics");
    CPPUNIT_ASSERT_EQUAL(200, r.status);
    CPPUNIT_ASSERT(r.contentType.find("text/plain") == 0);
    CPPUNIT_ASSERT(r.contentType.find("version=0.0.4") != std::string::npos);
    try
    {
        return parsePrometheusText(r.body);
    }
    catch (const std::exception& e)
    {
        CPPUNIT_FAIL(std::string("bad exposition: ") + e.what());
    }
    return {};
}

} // namespace

class RunstatsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RunstatsTest);
    CPPUNIT_TEST(testStatsAndMetricsMove);
    CPPUNIT_TEST(testSummaryLog);
    CPPUNIT_TEST(testMetricsFlush);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStatsAndMetricsMove()
    {
        TcpLineSink sink;
        GatewayOptions options;
        options.destinations = sink.address();
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const int port = gateway.statPort();
        CPPUNIT_ASSERT(gateway.waitForOutput("Runstats started: 127.0.0.1:" + std::to_string(port), std::chrono::seconds(5)));

        // The original's line command: indented JSON ending in a newline.
        const std::string line = tcpExchange(port, "stats\n");
        CPPUNIT_ASSERT(!line.empty() && line.back() == '\n');
        CPPUNIT_ASSERT(line.find("\n  \"service\"") != std::string::npos);
        auto doc = parseObject(line);
        CPPUNIT_ASSERT(doc->getObject("service")->has("start-time"));
        CPPUNIT_ASSERT(doc->getObject("runtime-meminfo")->getValue<Poco::Int64>("RSS") > 0);
        CPPUNIT_ASSERT(doc->getObject("runtime-meminfo")->getValue<Poco::Int64>("Threads") > 1);
        CPPUNIT_ASSERT_EQUAL(std::string("Not a command: nope\n"), tcpExchange(port, "nope\n"));

        const PrometheusDocument before = scrape(port);
        auto statsBefore = parseObject(plainHttp(port, "GET", "/stats").body);

        // Traffic: 3 batches of 100, one invalid key, one non-TLS connection.
        HttpsClient client(gateway.httpsPort());
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("m" + std::to_string(i), 100)), "test-key").status);
        HttpsClient other(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(401, other.post("/ingest", gzip(makeLines("x", 5)), "wrong-key").status);
        {
            Poco::Net::StreamSocket plain(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(gateway.httpsPort())));
            const std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
            plain.sendBytes(request.data(), static_cast<int>(request.size()));
            char buffer[256];
            plain.setReceiveTimeout(Poco::Timespan(5, 0));
            try
            {
                while (plain.receiveBytes(buffer, sizeof(buffer)) > 0)
                {
                }
            }
            catch (...)
            {
            }
        }
        CPPUNIT_ASSERT(sink.waitForLines(300, std::chrono::seconds(10)));

        PrometheusDocument after;
        CPPUNIT_ASSERT(waitFor(
            [&] {
                after = scrape(port);
                return after.value("polymur_gateway_destination_points_sent_total", {{"destination", sink.address()}}) -
                               before.value("polymur_gateway_destination_points_sent_total",
                                            {{"destination", sink.address()}}) >= 300 &&
                       after.value("polymur_gateway_tls_handshake_failures_total") -
                               before.value("polymur_gateway_tls_handshake_failures_total") >= 1;
            },
            std::chrono::seconds(10)));
        const auto delta = [&](const std::string& name, const std::map<std::string, std::string>& labels = {}) {
            return after.value(name, labels) - before.value(name, labels);
        };
        CPPUNIT_ASSERT_EQUAL(300.0, delta("polymur_gateway_points_received_total"));
        CPPUNIT_ASSERT_EQUAL(300.0, delta("polymur_gateway_points_accepted_total"));
        CPPUNIT_ASSERT_EQUAL(3.0, delta("polymur_gateway_batches_total"));
        CPPUNIT_ASSERT(delta("polymur_gateway_received_bytes_total") > 0);
        CPPUNIT_ASSERT_EQUAL(3.0, delta("polymur_gateway_http_responses_total", {{"code", "200"}}));
        CPPUNIT_ASSERT_EQUAL(1.0, delta("polymur_gateway_http_responses_total", {{"code", "401"}}));
        CPPUNIT_ASSERT_EQUAL(1.0, delta("polymur_gateway_invalid_key_requests_total"));
        CPPUNIT_ASSERT_EQUAL(1.0, after.value("polymur_gateway_destination_up", {{"destination", sink.address()}}));
        CPPUNIT_ASSERT_EQUAL(1.0, after.value("polymur_gateway_keystore_keys", {{"plugin", "static"}}));
        CPPUNIT_ASSERT(after.value("process_resident_memory_bytes") > 0);
        CPPUNIT_ASSERT(after.value("polymur_gateway_threads") > 1);
        CPPUNIT_ASSERT(after.value("polymur_gateway_uptime_seconds") >= before.value("polymur_gateway_uptime_seconds"));

        // GET /stats moved the same way.
        const PlainHttpResult stats = plainHttp(port, "GET", "/stats");
        CPPUNIT_ASSERT_EQUAL(200, stats.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), stats.contentType);
        auto statsAfter = parseObject(stats.body);
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(300), statsAfter->getObject("ingest")->getValue<Poco::Int64>("points-received") -
                                                   statsBefore->getObject("ingest")->getValue<Poco::Int64>("points-received"));
        CPPUNIT_ASSERT(statsAfter->getObject("destinations")->getObject(sink.address())->getValue<bool>("connected"));
        CPPUNIT_ASSERT_EQUAL(404, plainHttp(port, "GET", "/nothing").status);
        CPPUNIT_ASSERT_EQUAL(405, plainHttp(port, "DELETE", "/stats").status);
    }

    void testSummaryLog()
    {
        TcpLineSink sink;
        const int deadPort = freePort();
        GatewayOptions options;
        options.destinations = sink.address() + ",127.0.0.1:" + std::to_string(deadPort);
        options.extraArgs = {"--gateway.report-interval=1"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        HttpsClient client(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("r", 120)), "test-key").status);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.waitForOutput("s: Received 120 data points | Avg: ", std::chrono::seconds(5)));
        CPPUNIT_ASSERT(gateway.output().find("Last 1.") != std::string::npos);
        // The destination that is down keeps its points queued and is named.
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               gateway.waitForOutput("Destination 127.0.0.1:" + std::to_string(deadPort) + " queue length: 120",
                                                     std::chrono::seconds(5)));
    }

    void testMetricsFlush()
    {
        TcpLineSink sink;
        GatewayOptions options;
        options.destinations = sink.address();
        options.extraArgs = {"-metrics-flush", "1"};
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const std::string host = Poco::Environment::nodeName() + ".polymur.";
        std::string dest = sink.address();
        for (char& c : dest)
            if (c == '.')
                c = '_';
        const std::vector<std::string> wanted = {
            host + "rate ",
            host + "runtime.RSS ",
            host + "runtime.Alloc ",
            host + "runtime.Threads ",
            host + "incoming-queue.current-size ",
            host + "incoming-queue.limit ",
            host + "outgoing-queue." + dest + ".current-size ",
            host + "outgoing-queue." + dest + ".limit ",
        };
        const auto allSeen = [&] {
            const auto lines = sink.lines();
            for (const auto& name : wanted)
            {
                bool seen = false;
                for (const auto& line : lines)
                    seen |= line.rfind(name, 0) == 0;
                if (!seen)
                    return false;
            }
            return true;
        };
        CPPUNIT_ASSERT(waitFor(allSeen, std::chrono::seconds(10)));
        // Every injected line is a valid Graphite line with a current timestamp.
        const long now = static_cast<long>(std::time(nullptr));
        for (const auto& line : sink.lines())
        {
            const auto last = line.rfind(' ');
            const long ts = std::stol(line.substr(last + 1));
            CPPUNIT_ASSERT(ts > now - 60 && ts <= now + 5);
        }
        // Two flushes at least one second apart.
        std::size_t rates = 0;
        CPPUNIT_ASSERT(waitFor(
            [&] {
                rates = 0;
                for (const auto& line : sink.lines())
                    rates += line.rfind(host + "rate ", 0) == 0 ? 1 : 0;
                return rates >= 2;
            },
            std::chrono::seconds(5)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RunstatsTest);
