// StatsSnapshot.h - every runtime figure at one instant, as plain data: the
// input of the JSON, Prometheus and Graphite formatters.
#pragma once

#include "DestinationAdmin.h"
#include "GatewayStats.h"
#include "ProcessFigures.h"

#include "polymur/KeyStore.h"

#include <array>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace polymur {

struct StatsSnapshot
{
    std::string version;
    std::string hostname;
    std::chrono::system_clock::time_point startTime;
    std::chrono::system_clock::time_point now;
    double uptimeSeconds = 0;

    ProcessFigures process;

    std::uint64_t pointsReceived = 0;
    std::uint64_t pointsAccepted = 0;
    std::uint64_t pointsRejected = 0;
    std::array<std::uint64_t, static_cast<std::size_t>(RejectReason::Count)> pointsRejectedBy{};
    std::array<std::uint64_t, static_cast<std::size_t>(SkipReason::Count)> linesSkipped{};
    std::uint64_t pointsSent = 0;    ///< Written to destinations (current destinations).
    std::uint64_t pointsDropped = 0; ///< overflow = drop, removed destinations.
    std::uint64_t pointsQueued = 0;  ///< Waiting in destination queues now.
    std::uint64_t selfMetricPoints = 0;
    std::uint64_t batches = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesInflated = 0;
    std::uint64_t invalidKeys = 0;
    std::uint64_t tlsHandshakeFailures = 0;
    std::uint64_t budgetRefusals = 0;      ///< 503: in-flight memory budget exhausted.
    std::uint64_t connectionsRefused = 0;  ///< Over gateway.max-connections.
    std::uint64_t connectionsTimedOut = 0; ///< Closed by a connection deadline.
    std::uint64_t requestsInFlight = 0;
    double receiveRate = 0;
    /// HTTP status ("200", ..., "other") -> responses.
    std::vector<std::pair<std::string, std::uint64_t>> responses;

    std::vector<DestinationStatus> destinations;

    std::string keyStorePlugin;
    KeyStoreHealth keyStore;
};

} // namespace polymur
