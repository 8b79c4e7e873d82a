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

/// Why a batch of valid points was refused (the client may retry).
enum class RejectReason : std::size_t
{
    QueueFull,     ///< 503: a destination queue lacks room now.
    TooLarge,      ///< 413: more points than a destination queue holds.
    NoDestination, ///< 503: no destination to route to.
    Count
};

inline const char* rejectReasonName(RejectReason reason)
{
    switch (reason)
    {
    case RejectReason::QueueFull:
        return "queue_full";
    case RejectReason::TooLarge:
        return "too_large";
    case RejectReason::NoDestination:
        return "no_destination";
    case RejectReason::Count:
        break;
    }
    return "other";
}

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
    Counter budgetRefusals{0};      ///< 503: in-flight memory budget exhausted.
    Counter connectionsRefused{0};  ///< Over gateway.max-connections.
    Counter connectionsTimedOut{0}; ///< Closed by a handshake/header/body/idle deadline.
    Counter tlsHandshakeFailures{0}; ///< TLS errors on the HTTPS listener (see TlsErrorCounter).
    Counter requestsInFlight{0};     ///< HTTPS requests being handled now (a gauge).
    Counter selfMetricPoints{0};     ///< Points injected by -metrics-flush.
    std::atomic<double> receiveRate{0.0}; ///< Points/s over the last report interval (RateReporter).
    std::array<Counter, static_cast<std::size_t>(SkipReason::Count)> linesSkipped{};
    std::array<Counter, static_cast<std::size_t>(RejectReason::Count)> pointsRejectedBy{};
    std::array<Counter, kCountedStatuses.size()> responses{};
    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    const std::chrono::system_clock::time_point startedWall = std::chrono::system_clock::now();

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

    void countRejected(RejectReason reason, std::uint64_t points)
    {
        pointsRejected.fetch_add(points, std::memory_order_relaxed);
        pointsRejectedBy[static_cast<std::size_t>(reason)].fetch_add(points, std::memory_order_relaxed);
    }
};

} // namespace polymur
