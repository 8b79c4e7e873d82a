// HotPathMain.cpp - polymur-bench-hotpath: the gateway's per-batch CPU work
// (GzipBatchDecoder + LineParser, as IngestService does it) on one core over
// the benchmark payload, without network or TLS. A quick, low-noise way to
// compare parser/decoder changes (also under valgrind --tool=callgrind):
//
//   polymur-bench-hotpath [--seconds=2 | --batches=N]
#include "BenchPayload.h"
#include "InflateCeiling.h"

#include "BatchBufferPool.h"
#include "GzipBatchDecoder.h"
#include "LineParser.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

using namespace polymur;
using namespace polymur::bench;

namespace {

/// One request's CPU work, as IngestService does it: inflate into a pooled
/// shared buffer (the queues own it afterwards), then parse. Kept out of
/// line so `valgrind --tool=callgrind --toggle-collect=*processBatch*`
/// measures exactly this.
__attribute__((noinline)) std::size_t processBatch(const std::string& gz, GzipBatchDecoder& decoder,
                                                   const LineParserOptions& options, LineBatch& batch)
{
    static BatchBufferPool pool(64, 8u << 20);
    std::shared_ptr<std::string> buffer = pool.acquire();
    if (decoder.decode(gz.data(), gz.size(), *buffer, 256u << 20) != DecodeStatus::Ok)
        return 0;
    return parseLinesInPlace(*buffer, options, batch).accepted;
}

} // namespace

int main(int argc, char** argv)
{
    double seconds = 2;
    std::size_t maxBatches = 0; // fixed work (for callgrind) instead of a duration
    for (int i = 1; i < argc; ++i)
    {
        if (std::strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = std::stod(argv[i] + 10);
        else if (std::strncmp(argv[i], "--batches=", 10) == 0)
            maxBatches = std::stoul(argv[i] + 10);
    }
    const Payload payload = makePayload(PayloadOptions());

    using Clock = std::chrono::steady_clock;
    GzipBatchDecoder decoder;
    LineBatch batch;
    LineParserOptions options;
    std::size_t points = 0;
    std::size_t batches = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    while (maxBatches ? batches < maxBatches : Clock::now() < deadline)
    {
        for (const auto& gz : payload.gzipped)
        {
            if (maxBatches && batches == maxBatches)
                break;
            points += processBatch(gz, decoder, options, batch);
            ++batches;
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (points != batches * payload.linesPerBatch)
    {
        std::fprintf(stderr, "parser accepted %zu of %zu points\n", points, batches * payload.linesPerBatch);
        return 1;
    }
    if (maxBatches)
    {
        std::printf("batches=%zu points=%zu\n", batches, points);
        return 0;
    }
    const InflateRate ceiling = measureZlibInflate(payload, seconds / 2);
    std::printf("hotpath_points_per_s=%.0f\nzlib_inflate_points_per_s=%.0f\nhotpath_ratio=%.3f\n",
                static_cast<double>(points) / elapsed, ceiling.pointsPerSecond,
                static_cast<double>(points) / elapsed / ceiling.pointsPerSecond);
    return 0;
}
