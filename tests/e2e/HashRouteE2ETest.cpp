// HashRouteE2ETest.cpp - the real gateway in hash-route mode with 4 real TCP
// sinks (127.0.0.1:<port>:a..d, carbon's "four-local" node set): every
// point must arrive at the sink that Graphite carbon's own ring names
// (tests/hashring/vectors.txt.gz), for carbon_ch and fnv1a_ch; with one sink
// down its points must go to the others after the configured failed
// reconnects, none lost, and come back to it when it returns; in strict mode
// (failover = off) they must wait for it.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"
#include "VectorFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unordered_map>

using namespace polymur::test;
using namespace std::chrono_literals;
using polymur::hashroute::HashType;
using polymur::hashroute::hashTypeName;
using polymur::hashroute::test::VectorFile;
using polymur::hashroute::test::VectorRing;

namespace {

constexpr std::size_t kSinks = 4;
constexpr std::size_t kPhase = 6000; // names sent per phase
constexpr std::size_t kBatch = 2000; // lines per /ingest request

/// Names the gateway accepts (its parser refuses C1 control characters,
/// U+0080..U+009F, as carbon's does).
const std::vector<std::string>& acceptedNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const std::string& name : VectorFile::committed().names)
        {
            bool c1 = false;
            for (std::size_t i = 0; i + 1 < name.size(); ++i)
                c1 = c1 || (static_cast<unsigned char>(name[i]) == 0xc2 && static_cast<unsigned char>(name[i + 1]) < 0xa0);
            if (!c1 && name.size() < 1000)
                out.push_back(name);
        }
        return out;
    }();
    return names;
}

const VectorRing& fourLocal(HashType type)
{
    for (const VectorRing& ring : VectorFile::committed().rings)
        if (ring.label == "four-local" && ring.type == type)
            return ring;
    throw std::runtime_error("no four-local ring in the vectors");
}

/// Index of each vector name, to look up carbon's owner.
std::size_t nameIndex(const std::string& name)
{
    static const std::unordered_map<std::string, std::size_t> index = [] {
        std::unordered_map<std::string, std::size_t> out;
        const auto& names = VectorFile::committed().names;
        for (std::size_t i = 0; i < names.size(); ++i)
            out.emplace(names[i], i);
        return out;
    }();
    return index.at(name);
}

std::string nameOf(const std::string& line)
{
    return line.substr(0, line.find(' '));
}

/// Four sinks on fixed ports; one can be taken down and brought back on
/// the same port.
struct Sinks
{
    Sinks()
    {
        for (std::size_t i = 0; i < kSinks; ++i)
        {
            sinks.push_back(std::make_unique<TcpLineSink>());
            ports.push_back(sinks.back()->port());
        }
    }

    std::string destinations() const
    {
        static const char* const instances[] = {"a", "b", "c", "d"};
        std::string out;
        for (std::size_t i = 0; i < kSinks; ++i)
            out += (i ? "," : "") + std::string("127.0.0.1:") + std::to_string(ports[i]) + ":" + instances[i];
        return out;
    }

    void down(std::size_t i)
    {
        collect(i);
        sinks[i].reset();
    }
    void up(std::size_t i) { sinks[i] = std::make_unique<TcpLineSink>(ports[i]); }

    /// Move what sink i received into `received` (kept across restarts).
    void collect(std::size_t i)
    {
        if (sinks[i])
            for (const std::string& line : sinks[i]->lines())
                received[line].push_back(i);
    }

    /// Every line received so far by every sink, with the sinks it reached.
    std::map<std::string, std::vector<std::size_t>> all()
    {
        std::map<std::string, std::vector<std::size_t>> out = received;
        for (std::size_t i = 0; i < kSinks; ++i)
            if (sinks[i])
                for (const std::string& line : sinks[i]->lines())
                    out[line].push_back(i);
        return out;
    }

    std::vector<std::unique_ptr<TcpLineSink>> sinks;
    std::vector<int> ports;
    std::map<std::string, std::vector<std::size_t>> received;
};

/// The lines of phase `phase`: "name <phase> 1700000000" for kPhase names.
std::vector<std::string> phaseLines(std::size_t phase)
{
    const auto& names = acceptedNames();
    if (names.size() < (phase + 1) * kPhase)
        throw std::runtime_error("not enough vector names for phase " + std::to_string(phase));
    std::vector<std::string> lines;
    for (std::size_t i = phase * kPhase; i < (phase + 1) * kPhase; ++i)
        lines.push_back(names[i] + " " + std::to_string(phase) + " 1700000000");
    return lines;
}

void send(GatewayProcess& gw, const std::vector<std::string>& lines)
{
    HttpsClient client(gw.httpsPort());
    for (std::size_t at = 0; at < lines.size(); at += kBatch)
    {
        std::string body;
        for (std::size_t i = at; i < std::min(lines.size(), at + kBatch); ++i)
            body += lines[i] + "\n";
        const HttpResult result = client.post("/ingest", gzip(body), "test-key");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.body + "\n" + gw.output(), 200, result.status);
    }
}

/// Wait until every line arrived somewhere; then check each arrived exactly
/// once and at expected(name). Returns a description of every problem.
std::string check(Sinks& sinks, const std::vector<std::string>& lines,
                  const std::function<std::size_t(const std::string&)>& expected, std::chrono::milliseconds timeout)
{
    waitFor(
        [&] {
            const auto all = sinks.all();
            for (const auto& line : lines)
                if (!all.count(line))
                    return false;
            return true;
        },
        timeout);
    const auto all = sinks.all();
    std::size_t missing = 0, duplicated = 0, misplaced = 0;
    std::ostringstream first;
    for (const std::string& line : lines)
    {
        const auto it = all.find(line);
        const std::size_t want = expected(nameOf(line));
        if (it == all.end())
        {
            if (missing++ < 3)
                first << "missing (owner " << want << "): " << line << "\n";
            continue;
        }
        if (it->second.size() > 1 && duplicated++ < 3)
            first << "arrived " << it->second.size() << " times: " << line << "\n";
        for (const std::size_t sink : it->second)
            if (sink != want && misplaced++ < 3)
                first << "at sink " << sink << " instead of " << want << ": " << line << "\n";
    }
    if (!missing && !duplicated && !misplaced)
        return "";
    std::ostringstream out;
    out << missing << " missing, " << duplicated << " duplicated, " << misplaced << " misplaced of " << lines.size()
        << "\n" << first.str();
    return out.str();
}

std::size_t countOwnedBy(const VectorRing& ring, const std::vector<std::string>& lines, std::size_t node)
{
    std::size_t n = 0;
    for (const auto& line : lines)
        n += ring.owners[nameIndex(nameOf(line))] == node;
    return n;
}

} // namespace

class HashRouteE2ETest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HashRouteE2ETest);
    CPPUNIT_TEST(carbonChPlacesEveryPointOnCarbonsNode);
    CPPUNIT_TEST(fnv1aChPlacesEveryPointOnCarbonsNode);
    CPPUNIT_TEST(failoverWhenSinkIsDownFromStart);
    CPPUNIT_TEST(failoverWhenSinkDiesAndReturns);
    CPPUNIT_TEST(strictModePointsWaitForTheirOwner);
    CPPUNIT_TEST_SUITE_END();

public:
    void carbonChPlacesEveryPointOnCarbonsNode() { placement(HashType::CarbonCh); }
    void fnv1aChPlacesEveryPointOnCarbonsNode() { placement(HashType::Fnv1aCh); }

    /// Sink 1 never comes up: after 3 failed connects it leaves the ring and
    /// every point, including those queued for it meanwhile, reaches the
    /// node carbon's remove_node() would give; then it starts and gets its
    /// share again.
    void failoverWhenSinkIsDownFromStart()
    {
        const VectorRing& ring = fourLocal(HashType::CarbonCh);
        Sinks sinks;
        sinks.down(1);
        auto gw = start(sinks, HashType::CarbonCh, {});
        const auto lines = phaseLines(0);
        CPPUNIT_ASSERT(countOwnedBy(ring, lines, 1) > 1000);
        send(*gw, lines);
        const std::string problems = check(sinks, lines, withoutNode(ring, 1), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());
        CPPUNIT_ASSERT(gw->waitForOutput("left the distribution", 5s));

        sinks.up(1);
        CPPUNIT_ASSERT_MESSAGE(gw->output(), gw->waitForOutput("rejoined the distribution", 10s));
        const auto back = phaseLines(1);
        send(*gw, back);
        const std::string after = check(sinks, back, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(after + gw->output(), after.empty());
    }

    /// Sink 1 works, dies while connected, and returns on the same port.
    void failoverWhenSinkDiesAndReturns()
    {
        const VectorRing& ring = fourLocal(HashType::CarbonCh);
        Sinks sinks;
        auto gw = start(sinks, HashType::CarbonCh, {});
        const auto before = phaseLines(0);
        send(*gw, before);
        std::string problems = check(sinks, before, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());

        sinks.down(1);
        const auto during = phaseLines(1);
        send(*gw, during);
        problems = check(sinks, during, withoutNode(ring, 1), 20s);
        CPPUNIT_ASSERT_MESSAGE("points of the dead sink must reach the others, none lost:\n" + problems + gw->output(),
                               problems.empty());
        CPPUNIT_ASSERT(gw->waitForOutput("left the distribution", 5s));

        // Still down: new points go straight to the others.
        const auto still = phaseLines(2);
        send(*gw, still);
        problems = check(sinks, still, withoutNode(ring, 1), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());

        sinks.up(1);
        CPPUNIT_ASSERT_MESSAGE(gw->output(), gw->waitForOutput("rejoined the distribution", 10s));
        const auto after = phaseLines(3);
        send(*gw, after);
        problems = check(sinks, after, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());
    }

    /// failover = off: points for the dead sink stay queued (nothing of them
    /// reaches another sink, it never leaves the ring) and arrive when it
    /// returns; the other sinks are not held up.
    void strictModePointsWaitForTheirOwner()
    {
        const VectorRing& ring = fourLocal(HashType::CarbonCh);
        Sinks sinks;
        auto gw = start(sinks, HashType::CarbonCh, {"--dist-hashroute.failover=off"});
        const auto before = phaseLines(0);
        send(*gw, before);
        std::string problems = check(sinks, before, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());

        sinks.down(1);
        const auto during = phaseLines(1);
        send(*gw, during);
        std::vector<std::string> others, waiting;
        for (const auto& line : during)
            (ring.owners[nameIndex(nameOf(line))] == 1 ? waiting : others).push_back(line);
        problems = check(sinks, others, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(problems + gw->output(), problems.empty());
        // Well past 3 failed reconnects (0.2 s, 0.4 s, 0.8 s backoff).
        CPPUNIT_ASSERT(gw->waitForOutput("connect failed", 10s));
        std::this_thread::sleep_for(3s);
        const auto all = sinks.all();
        for (const auto& line : waiting)
            CPPUNIT_ASSERT_MESSAGE("strict mode sent a point of the dead sink elsewhere: " + line, !all.count(line));
        CPPUNIT_ASSERT_MESSAGE(gw->output(), gw->output().find("left the distribution") == std::string::npos);

        sinks.up(1);
        problems = check(sinks, waiting, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE("queued points must reach their owner when it returns:\n" + problems + gw->output(),
                               problems.empty());
    }

private:
    void placement(HashType type)
    {
        const VectorRing& ring = fourLocal(type);
        Sinks sinks;
        auto gw = start(sinks, type, {});
        std::vector<std::string> lines = phaseLines(0);
        const auto more = phaseLines(1);
        lines.insert(lines.end(), more.begin(), more.end());
        send(*gw, lines);
        const std::string problems = check(sinks, lines, owners(ring), 20s);
        CPPUNIT_ASSERT_MESSAGE(std::string(hashTypeName(type)) + ": " + problems + gw->output(), problems.empty());
        for (std::size_t node = 0; node < kSinks; ++node)
            CPPUNIT_ASSERT(countOwnedBy(ring, lines, node) > 1000); // every sink had real work
    }

    static std::function<std::size_t(const std::string&)> owners(const VectorRing& ring)
    {
        return [&ring](const std::string& name) { return std::size_t(ring.owners[nameIndex(name)]); };
    }

    static std::function<std::size_t(const std::string&)> withoutNode(const VectorRing& ring, std::size_t node)
    {
        std::vector<bool> gone(kSinks, false);
        gone[node] = true;
        return [&ring, gone](const std::string& name) {
            return std::size_t(polymur::hashroute::test::ownerWithout(ring, name, gone));
        };
    }

    static std::unique_ptr<GatewayProcess> start(const Sinks& sinks, HashType type, std::vector<std::string> extra)
    {
        GatewayOptions options;
        options.destinations = sinks.destinations();
        options.distribution = "hash-route";
        options.extraArgs = std::move(extra);
        options.extraArgs.push_back(std::string("--dist-hashroute.hash=") + hashTypeName(type));
        auto gw = std::make_unique<GatewayProcess>(options);
        CPPUNIT_ASSERT_MESSAGE(gw->output(), gw->start());
        return gw;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashRouteE2ETest);
