// RingBench.cpp - how fast dist-hashroute places points: ring lookups per
// second for carbon_ch and fnv1a_ch (4 nodes, 100 replicas), the two MD5
// backends, and HashRoutePolicy::route() on 5,000-point batches. Each figure
// is the median of --runs runs (default 5).
//
//   bench-ring [--runs N] [--lookups N]
#include "CarbonHashRing.h"
#include "HashRoutePolicy.h"
#include "RingHash.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <random>
#include <time.h>
#include <string>
#include <vector>

using namespace polymur;
using namespace polymur::hashroute;

namespace {

constexpr std::size_t kNames = 100000;
constexpr std::size_t kBatch = 5000;

/// Graphite-like metric names, deterministic.
std::vector<std::string> makeNames()
{
    static const char* const words[] = {"servers", "stats", "timers", "cpu", "memory", "disk", "net", "user",
                                        "system", "load", "p99", "count", "requests", "errors", "latency",
                                        "api", "web", "db", "cache", "collectd", "df-root", "if_octets"};
    std::mt19937 rng(42);
    std::vector<std::string> names;
    names.reserve(kNames);
    for (std::size_t i = 0; i < kNames; ++i)
    {
        std::string name = "host-" + std::to_string(rng() % 500);
        const unsigned depth = 3 + rng() % 5;
        for (unsigned d = 0; d < depth; ++d)
            name += std::string(".") + words[rng() % std::size(words)];
        name += "." + std::to_string(i);
        names.push_back(std::move(name));
    }
    return names;
}

/// Seconds of CPU time this thread has used: unlike wall time it does not
/// count the time the thread waits for a core on a shared machine.
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// Operations per second of `body` (which performs `ops` operations), by
/// thread CPU time and by wall time, each the median of `runs` runs.
struct Rate
{
    double cpu;
    double wall;
};

Rate medianRate(unsigned runs, std::size_t ops, const std::function<void()>& body)
{
    std::vector<double> cpu, wall;
    for (unsigned r = 0; r < runs; ++r)
    {
        const double cpuStart = threadCpuSeconds();
        const auto start = std::chrono::steady_clock::now();
        body();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        cpu.push_back(static_cast<double>(ops) / (threadCpuSeconds() - cpuStart));
        wall.push_back(static_cast<double>(ops) / took.count());
    }
    std::sort(cpu.begin(), cpu.end());
    std::sort(wall.begin(), wall.end());
    return {cpu[cpu.size() / 2], wall[wall.size() / 2]};
}

void print(const char* what, Rate rate)
{
    std::printf("%-44s %8.2f M/s %7.1f ns   (wall: %6.2f M/s)\n", what, rate.cpu / 1e6, 1e9 / rate.cpu,
                rate.wall / 1e6);
}

class NullRouteBuilder : public RouteBuilder
{
public:
    void toAllSlots() override {}
    void toSlot(std::size_t slot, const PointView&) override { sum += slot; }
    std::size_t sum = 0;
};

class BenchConfig : public PluginConfig
{
public:
    explicit BenchConfig(const char* hash) : _hash(hash) {}
    std::string getString(const std::string& key) const override
    {
        if (key == "hash")
            return _hash;
        for (const auto& spec : HashRoutePolicy::kConfigKeys)
            if (key == spec.key)
                return spec.defaultValue;
        return "";
    }
    long long getInt(const std::string& key) const override { return std::atoll(getString(key).c_str()); }
    double getDouble(const std::string& key) const override { return std::atof(getString(key).c_str()); }
    bool getBool(const std::string& key) const override { return getString(key) == "on"; }
    std::string getGlobal(const std::string&, const std::string& fallback) const override { return fallback; }
    std::string instanceName() const override { return "distribution:hash-route"; }

private:
    std::string _hash;
};

} // namespace

int main(int argc, char** argv)
{
    unsigned runs = 5;
    std::size_t lookups = 2000000;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
        else if (std::strcmp(argv[i], "--lookups") == 0)
            lookups = std::max<std::size_t>(kBatch, std::strtoull(argv[i + 1], nullptr, 10));
    }
    const std::vector<std::string> names = makeNames();
    std::size_t bytes = 0;
    for (const auto& n : names)
        bytes += n.size();
    std::printf("bench-ring: 4 nodes, %u replicas, %zu names (avg %.1f bytes), %zu ops per run, median of %u runs\n"
                "figures by thread CPU time, wall-clock rate in brackets\n",
                CarbonHashRing::kDefaultReplicas, names.size(), double(bytes) / names.size(), lookups, runs);

    std::uint64_t sink = 0;
    for (const HashType type : {HashType::CarbonCh, HashType::Fnv1aCh})
    {
        CarbonHashRing ring(type, CarbonHashRing::kDefaultReplicas);
        for (const char* instance : {"a", "b", "c", "d"})
            ring.addNode({"127.0.0.1", std::string(instance)});
        const Rate rate = medianRate(runs, lookups, [&] {
            for (std::size_t i = 0; i < lookups; ++i)
                sink += ring.lookup(names[i % names.size()]);
        });
        print((std::string(hashTypeName(type)) + " ring lookup").c_str(), rate);
    }

    unsigned char digest[kMd5Size];
    print("md5 POCO MD5Engine", medianRate(runs, lookups, [&] {
              for (std::size_t i = 0; i < lookups; ++i)
              {
                  md5Poco(names[i % names.size()], digest);
                  sink += digest[0];
              }
          }));
    print("md5 OpenSSL EVP", medianRate(runs, lookups, [&] {
              for (std::size_t i = 0; i < lookups; ++i)
              {
                  md5OpenSsl(names[i % names.size()], digest);
                  sink += digest[0];
              }
          }));

    // route(): 5,000-point batches, as the core calls it.
    std::vector<std::string> lines;
    for (const auto& name : names)
        lines.push_back(name + " 1 1700000000");
    for (const char* hash : {"carbon_ch", "fnv1a_ch"})
    {
        HashRoutePolicy policy;
        policy.configure(BenchConfig(hash));
        std::vector<DestinationState> states(4);
        for (std::size_t i = 0; i < states.size(); ++i)
        {
            states[i].destination.host = "127.0.0.1";
            states[i].destination.port = static_cast<std::uint16_t>(2003 + i);
            states[i].destination.instance = std::string(1, static_cast<char>('a' + i));
            states[i].connected = true;
        }
        policy.update(states);
        std::vector<LineBatch> batches(names.size() / kBatch);
        for (std::size_t i = 0; i < batches.size() * kBatch; ++i)
            batches[i / kBatch].points.push_back({lines[i], std::string_view(lines[i]).substr(0, names[i].size())});
        NullRouteBuilder out;
        const std::size_t rounds = lookups / kBatch;
        const Rate rate = medianRate(runs, rounds * kBatch, [&] {
            for (std::size_t r = 0; r < rounds; ++r)
                policy.route(batches[r % batches.size()], out);
        });
        sink += out.sum;
        print((std::string(hash) + " HashRoutePolicy::route() per point").c_str(), rate);
    }
    return sink == 42 ? 1 : 0; // keeps the work observable
}
