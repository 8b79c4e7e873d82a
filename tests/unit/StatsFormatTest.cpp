// StatsFormatTest.cpp - the pure formatters of runstats: the JSON document,
// the Prometheus exposition (checked by a strict parser), the self-metric
// Graphite lines, the 5-second summary lines and /proc parsing.
#include "PrometheusExposition.h"
#include "ProcessFigures.h"
#include "RateReporter.h"
#include "SelfMetrics.h"
#include "StatsJson.h"

#include "PrometheusText.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <sstream>

using namespace polymur;

namespace {

StatsSnapshot sampleSnapshot()
{
    StatsSnapshot s;
    s.version = "9.8.7";
    s.hostname = "gw1.example.com";
    s.startTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    s.now = s.startTime + std::chrono::seconds(42);
    s.uptimeSeconds = 42.5;
    s.process.rssBytes = 1000;
    s.process.threads = 7;
    s.process.heapAllocatedBytes = 500;
    s.pointsReceived = 120;
    s.pointsAccepted = 100;
    s.pointsRejected = 20;
    s.pointsRejectedBy[static_cast<std::size_t>(RejectReason::QueueFull)] = 20;
    s.linesSkipped[static_cast<std::size_t>(SkipReason::BadValue)] = 3;
    s.pointsSent = 90;
    s.pointsDropped = 4;
    s.pointsQueued = 10;
    s.batches = 5;
    s.bytesIn = 2048;
    s.tlsHandshakeFailures = 2;
    s.receiveRate = 24.126;
    s.responses = {{"200", 5}, {"503", 1}, {"other", 0}};
    DestinationStatus a;
    a.name = "10.0.0.1:2003";
    a.connected = true;
    a.queuePoints = 10;
    a.capacityPoints = 4096;
    a.sent = 90;
    a.registered = s.startTime;
    DestinationStatus b;
    b.name = "10.0.0.2:2003:b";
    b.capacityPoints = 4096;
    b.reconnects = 3;
    b.registered = s.startTime;
    s.destinations = {a, b};
    s.keyStorePlugin = "static";
    s.keyStore.keysLoaded = 2;
    s.keyStore.lastSuccessUnixMs = 1700000001000;
    return s;
}

} // namespace

class StatsFormatTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatsFormatTest);
    CPPUNIT_TEST(testJson);
    CPPUNIT_TEST(testPrometheus);
    CPPUNIT_TEST(testPrometheusEscaping);
    CPPUNIT_TEST(testPrometheusParserRejectsBadText);
    CPPUNIT_TEST(testSelfMetricNames);
    CPPUNIT_TEST(testRateLines);
    CPPUNIT_TEST(testProcStatus);
    CPPUNIT_TEST_SUITE_END();

public:
    void testJson()
    {
        const std::string text = StatsJson::format(sampleSnapshot());
        CPPUNIT_ASSERT(text.find("\n  \"service\"") != std::string::npos); // indented
        auto doc = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        auto service = doc->getObject("service");
        CPPUNIT_ASSERT_EQUAL(std::string("2023-11-14T22:13:20Z"), service->getValue<std::string>("start-time"));
        CPPUNIT_ASSERT_EQUAL(42, service->getValue<int>("uptime-seconds"));
        CPPUNIT_ASSERT_EQUAL(7, doc->getObject("runtime-meminfo")->getValue<int>("Threads"));
        auto ingest = doc->getObject("ingest");
        CPPUNIT_ASSERT_EQUAL(120, ingest->getValue<int>("points-received"));
        CPPUNIT_ASSERT_EQUAL(20, ingest->getObject("points-rejected-by-reason")->getValue<int>("queue_full"));
        CPPUNIT_ASSERT_EQUAL(3, ingest->getObject("lines-skipped")->getValue<int>(skipReasonName(SkipReason::BadValue)));
        CPPUNIT_ASSERT_EQUAL(1, ingest->getObject("responses")->getValue<int>("503"));
        CPPUNIT_ASSERT_EQUAL(2, ingest->getValue<int>("tls-handshake-failures"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(24.13, ingest->getValue<double>("rate"), 1e-9);
        auto output = doc->getObject("output");
        CPPUNIT_ASSERT_EQUAL(90, output->getValue<int>("points-sent"));
        CPPUNIT_ASSERT_EQUAL(4, output->getValue<int>("points-dropped"));
        auto destinations = doc->getObject("destinations");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), destinations->size());
        auto b = destinations->getObject("10.0.0.2:2003:b");
        CPPUNIT_ASSERT(!b->getValue<bool>("connected"));
        CPPUNIT_ASSERT_EQUAL(3, b->getValue<int>("reconnects"));
        CPPUNIT_ASSERT_EQUAL(4096, b->getValue<int>("queue-capacity-points"));
        auto keystore = doc->getObject("keystore");
        CPPUNIT_ASSERT_EQUAL(2, keystore->getValue<int>("keys-loaded"));
        CPPUNIT_ASSERT_EQUAL(std::string("2023-11-14T22:13:21Z"), keystore->getValue<std::string>("last-sync-time"));

        StatsSnapshot never = sampleSnapshot();
        never.keyStore.lastSuccessUnixMs = 0;
        auto doc2 = Poco::JSON::Parser().parse(StatsJson::format(never)).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(doc2->getObject("keystore")->isNull("last-sync-time"));
    }

    void testPrometheus()
    {
        const auto doc = test::parsePrometheusText(PrometheusExposition::format(sampleSnapshot()));
        CPPUNIT_ASSERT_EQUAL(std::string("counter"), doc.types.at("polymur_gateway_points_received_total"));
        CPPUNIT_ASSERT_EQUAL(std::string("gauge"), doc.types.at("process_resident_memory_bytes"));
        for (const auto& [family, type] : doc.types)
            CPPUNIT_ASSERT_MESSAGE(family, !doc.help.at(family).empty());
        CPPUNIT_ASSERT_EQUAL(120.0, doc.value("polymur_gateway_points_received_total"));
        CPPUNIT_ASSERT_EQUAL(100.0, doc.value("polymur_gateway_points_accepted_total"));
        CPPUNIT_ASSERT_EQUAL(20.0, doc.value("polymur_gateway_points_rejected_total", {{"reason", "queue_full"}}));
        CPPUNIT_ASSERT_EQUAL(0.0, doc.value("polymur_gateway_points_rejected_total", {{"reason", "too_large"}}));
        CPPUNIT_ASSERT_EQUAL(3.0, doc.value("polymur_gateway_lines_invalid_total",
                                            {{"reason", skipReasonName(SkipReason::BadValue)}}));
        CPPUNIT_ASSERT_EQUAL(1000.0, doc.value("process_resident_memory_bytes"));
        CPPUNIT_ASSERT_EQUAL(1700000000.0, doc.value("process_start_time_seconds"));
        CPPUNIT_ASSERT_EQUAL(5.0, doc.value("polymur_gateway_http_responses_total", {{"code", "200"}}));
        CPPUNIT_ASSERT_EQUAL(1.0, doc.value("polymur_gateway_destination_up", {{"destination", "10.0.0.1:2003"}}));
        CPPUNIT_ASSERT_EQUAL(0.0, doc.value("polymur_gateway_destination_up", {{"destination", "10.0.0.2:2003:b"}}));
        CPPUNIT_ASSERT_EQUAL(10.0,
                             doc.value("polymur_gateway_destination_queue_points", {{"destination", "10.0.0.1:2003"}}));
        CPPUNIT_ASSERT_EQUAL(3.0, doc.value("polymur_gateway_destination_reconnects_total",
                                            {{"destination", "10.0.0.2:2003:b"}}));
        CPPUNIT_ASSERT_EQUAL(2.0, doc.value("polymur_gateway_tls_handshake_failures_total"));
        CPPUNIT_ASSERT_EQUAL(2.0, doc.value("polymur_gateway_keystore_keys", {{"plugin", "static"}}));
        CPPUNIT_ASSERT_EQUAL(1.0, doc.value("polymur_gateway_keystore_healthy", {{"plugin", "static"}}));
        CPPUNIT_ASSERT_EQUAL(1.0, doc.value("polymur_gateway_build_info", {{"version", "9.8.7"}}));
    }

    void testPrometheusEscaping()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a\\\\b\\\"c\\nd"), PrometheusExposition::escapeLabel("a\\b\"c\nd"));
        StatsSnapshot s = sampleSnapshot();
        s.keyStorePlugin = "we\"ird\\name";
        const auto doc = test::parsePrometheusText(PrometheusExposition::format(s));
        CPPUNIT_ASSERT_EQUAL(2.0, doc.value("polymur_gateway_keystore_keys", {{"plugin", "we\"ird\\name"}}));
    }

    void testPrometheusParserRejectsBadText()
    {
        // The parser used above must be able to fail.
        const char* bad[] = {
            "x_total 1\n",                                      // no TYPE
            "# TYPE x counter\nx 1\n",                          // counter without _total
            "# TYPE x gauge\nx{a=\"1} 1\n",                     // unterminated label
            "# TYPE x gauge\nx 1\nx 2\n",                       // duplicate series
            "# TYPE x gauge\nx one\n",                          // bad value
            "# TYPE x gauge\n# TYPE y gauge\ny 1\n# TYPE x gauge\nx 1\n", // family split
            "# TYPE x gauge\nx 1",                              // no final newline
        };
        for (const char* text : bad)
            CPPUNIT_ASSERT_THROW_MESSAGE(text, test::parsePrometheusText(text), std::runtime_error);
    }

    void testSelfMetricNames()
    {
        const std::string text = SelfMetrics::format(sampleSnapshot(), SelfMetrics::IncomingQueue{3, 256}, 1700000042);
        std::set<std::string> names;
        std::istringstream in(text);
        std::string name, value, ts;
        while (in >> name >> value >> ts)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("1700000042"), ts);
            names.insert(name);
        }
        const std::string p = "gw1.example.com.polymur.";
        CPPUNIT_ASSERT(names.count(p + "rate"));
        CPPUNIT_ASSERT(names.count(p + "runtime.RSS"));
        CPPUNIT_ASSERT(names.count(p + "runtime.Alloc"));
        CPPUNIT_ASSERT(names.count(p + "incoming-queue.current-size"));
        CPPUNIT_ASSERT(names.count(p + "incoming-queue.limit"));
        CPPUNIT_ASSERT(names.count(p + "outgoing-queue.10_0_0_1:2003.current-size"));
        CPPUNIT_ASSERT(names.count(p + "outgoing-queue.10_0_0_2:2003:b.limit"));
        CPPUNIT_ASSERT(text.find(p + "rate 24.13 1700000042\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find(p + "incoming-queue.limit 256 ") != std::string::npos);
        CPPUNIT_ASSERT(text.find(p + "outgoing-queue.10_0_0_1:2003.current-size 10 ") != std::string::npos);
    }

    void testRateLines()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Last 5.00s: Received 120 data points | Avg: 24.00/sec."),
                             RateReporter::rateLine(5.0, 120));
        CPPUNIT_ASSERT_EQUAL(std::string("Last 5.01s: Received 1 data points | Avg: 0.20/sec."),
                             RateReporter::rateLine(5.006, 1));
        StatsSnapshot s = sampleSnapshot();
        s.destinations[1].queuePoints = 4096;
        const auto lines = RateReporter::queueLines(s.destinations, false);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Destination 10.0.0.1:2003 queue length: 10"), lines[0]);
        CPPUNIT_ASSERT(lines[1].rfind("Destination 10.0.0.2:2003:b queue is at capacity (4096)", 0) == 0);
        s.destinations[0].queuePoints = 0;
        s.destinations[1].queuePoints = 0;
        CPPUNIT_ASSERT(RateReporter::queueLines(s.destinations, false).empty());
    }

    void testProcStatus()
    {
        ProcessFigures f;
        ProcessFigures::parseStatus("Name:\tpolymur-gateway\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\n"
                                    "VmSize:\t  100000 kB\nThreads:\t12\n",
                                    f);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024 * 1024), f.rssBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2048 * 1024), f.rssPeakBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(100000ull * 1024), f.virtualBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(12), f.threads);
        const ProcessFigures self = ProcessFigures::readSelf();
        CPPUNIT_ASSERT(self.rssBytes > 0);
        CPPUNIT_ASSERT(self.threads >= 1);
        CPPUNIT_ASSERT(self.openFds >= 3);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatsFormatTest);
