// GatewayStats.h - the core's counters, updated on the hot path with relaxed
// atomics (one increment per batch, never per point) and read by runstats.
#pragma once

#include "LineParser.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace polymur {

/// HTTP statuses counted separately; anything else lands in "other".
constexpr std::array<int, 10> kCountedStatuses = {200, 400, 401, 404, 405, 413, 431, 500, 503, 0};

struct GatewayStats
{
    using Counter = std::atomic<std::uint64_t>;

    Counter pointsReceived{0};  ///< Valid points in accepted-or-rejected batches.
    Counter pointsQueued{0};    ///< Points acknowledged with 200.
    Counter pointsRejected{0};  ///< Valid points of batches answered 413/503 (client may retry).
    Counter batches{0};         ///< /ingest requests with a valid key.
    Counter bytesIn{0};         ///< Compressed body bytes.
    Counter bytesInflated{0};   ///< Decompressed bytes.
    Counter invalidKeys{0};
    Counter tlsHandshakeFailures{0};
    std::array<Counter, static_cast<std::size_t>(SkipReason::Count)> linesSkipped{};
    std::array<Counter, kCountedStatuses.size()> responses{};
    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    void countResponse(int status)
    {
        std::size_t i = 0;
        while (i + 1 < kCountedStatuses.size() && kCountedStatuses[i] != status)
            ++i;
        responses[i].fetch_add(1, std::memory_order_relaxed);
    }

    void countSkipped(const ParseCounts& counts)
    {
        for (std::size_t i = 0; i < counts.skipped.size(); ++i)
            if (counts.skipped[i])
                linesSkipped[i].fetch_add(counts.skipped[i], std::memory_order_relaxed);
    }
};

} // namespace polymur
