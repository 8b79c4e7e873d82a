// LoadGenerator.h - behaves like a set of polymur-proxy workers: N
// keep-alive HTTPS connections POSTing pre-gzipped batches to /ingest,
// retrying a batch answered 503, recording each request's latency.
#pragma once

#include "BenchPayload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace polymur::bench {

struct LoadOptions
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string key = "123";       ///< Dev-mode key.
    int connections = 4;
    double durationSeconds = 6;    ///< Stop sending after this long...
    std::uint64_t maxPoints = 0;   ///< ...or once this many points are accepted (0 = no limit).
    double ratePointsPerSecond = 0;///< Pace the batches to this total rate (0 = as fast as possible).
    int retryDelayMs = 20;         ///< Wait before resending a batch answered 503.
};

struct LoadResult
{
    std::int64_t startNs = 0;      ///< steady_clock (CLOCK_MONOTONIC) at the first request.
    std::int64_t endNs = 0;        ///< At the last answer.
    std::uint64_t pointsAccepted = 0;
    std::uint64_t batchesAccepted = 0;
    std::uint64_t retries503 = 0;
    std::uint64_t errors = 0;      ///< Transport errors and other statuses.
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
};

/// Run the load until the duration or point count is reached.
LoadResult runLoad(const Payload& payload, const LoadOptions& options);

} // namespace polymur::bench
