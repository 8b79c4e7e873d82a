// LoadMain.cpp - polymur-bench-load: the benchmark's load generator.
//
//   polymur-bench-load --port=8443 [--connections=4] [--duration=6]
//                      [--points=N] [--rate=POINTS_PER_S] [--key=123]
//   polymur-bench-load --inflate-ceiling=SECONDS   single-core inflate rate
//   polymur-bench-load --free-port                 print a free loopback port
//
// Results are printed as "name=value" lines for bench/run.sh.
#include "BenchPayload.h"
#include "InflateCeiling.h"
#include "LoadGenerator.h"

#include <Poco/Net/SSLManager.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include <sys/resource.h>

using namespace polymur::bench;

namespace {

std::map<std::string, std::string> parseArgs(int argc, char** argv)
{
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
            throw std::invalid_argument("unexpected argument: " + arg);
        const auto eq = arg.find('=');
        if (eq == std::string::npos)
            args[arg.substr(2)] = "true";
        else
            args[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
    }
    return args;
}

std::string get(const std::map<std::string, std::string>& args, const std::string& key, const std::string& fallback)
{
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
}

int run(const std::map<std::string, std::string>& args)
{
    if (args.count("free-port"))
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        std::cout << socket.address().port() << "\n";
        return 0;
    }

    PayloadOptions payloadOptions;
    payloadOptions.hosts = std::stoul(get(args, "hosts", "4000"));
    payloadOptions.batches = std::stoul(get(args, "batches", "64"));
    payloadOptions.linesPerBatch = std::stoul(get(args, "batch-lines", "5000"));
    const Payload payload = makePayload(payloadOptions);

    if (args.count("inflate-ceiling"))
    {
        const double seconds = std::stod(get(args, "inflate-ceiling", "2"));
        std::printf("payload_raw_bytes_per_point=%.1f\n",
                    static_cast<double>(payload.rawBytes) / static_cast<double>(payload.linesPerBatch * payload.gzipped.size()));
        std::printf("payload_compression_ratio=%.2f\n",
                    static_cast<double>(payload.rawBytes) / static_cast<double>(payload.gzippedBytes));
        const InflateRate zlibRate = measureZlibInflate(payload, seconds);
        std::printf("zlib_inflate_points_per_s=%.0f\nzlib_inflate_mb_per_s=%.1f\n", zlibRate.pointsPerSecond,
                    zlibRate.megabytesPerSecond);
        InflateRate libdeflateRate;
        if (measureLibdeflateInflate(payload, seconds, libdeflateRate))
            std::printf("libdeflate_inflate_points_per_s=%.0f\nlibdeflate_inflate_mb_per_s=%.1f\n",
                        libdeflateRate.pointsPerSecond, libdeflateRate.megabytesPerSecond);
        return 0;
    }

    LoadOptions options;
    options.host = get(args, "host", options.host);
    options.port = std::stoi(get(args, "port", "0"));
    options.key = get(args, "key", options.key);
    options.connections = std::stoi(get(args, "connections", "4"));
    options.durationSeconds = std::stod(get(args, "duration", "6"));
    options.maxPoints = std::stoull(get(args, "points", "0"));
    options.ratePointsPerSecond = std::stod(get(args, "rate", "0"));
    if (options.port <= 0 || options.connections <= 0)
        throw std::invalid_argument("--port and --connections must be positive");

    Poco::Net::initializeSSL();
    const LoadResult result = runLoad(payload, options);
    Poco::Net::uninitializeSSL();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("cpu_s=%.3f\n", cpu);
    std::printf("start_ns=%lld\nend_ns=%lld\npoints_accepted=%llu\nbatches_accepted=%llu\nretries_503=%llu\n"
                "errors=%llu\np50_ms=%.2f\np99_ms=%.2f\nmax_ms=%.2f\n",
                static_cast<long long>(result.startNs), static_cast<long long>(result.endNs),
                static_cast<unsigned long long>(result.pointsAccepted),
                static_cast<unsigned long long>(result.batchesAccepted),
                static_cast<unsigned long long>(result.retries503), static_cast<unsigned long long>(result.errors),
                result.p50Ms, result.p99Ms, result.maxMs);
    return result.errors > 0 && result.pointsAccepted == 0 ? 1 : 0;
}

} // namespace

int main(int argc, char** argv)
{
    try
    {
        return run(parseArgs(argc, argv));
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "polymur-bench-load: " << e.displayText() << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "polymur-bench-load: " << e.what() << "\n";
    }
    return 2;
}
