// RateReporter.h - the original's periodic summary: every interval (5 s)
// logs "Last 5.00s: Received N data points | Avg: X/sec." when N > 0, names
// destination queues that are non-empty or full, and publishes the rate for
// runstats and the `<host>.polymur.rate` self-metric.
#pragma once

#include "DestinationAdmin.h"
#include "GatewayStats.h"
#include "PeriodicTask.h"

#include <chrono>
#include <string>
#include <vector>

namespace polymur {

class RateReporter
{
public:
    RateReporter(GatewayStats& stats, const DestinationAdmin& destinations, std::chrono::milliseconds interval,
                 bool dropOnOverflow);

    void start();
    void stop();

    /// "Last 5.00s: Received 120 data points | Avg: 24.00/sec."
    static std::string rateLine(double seconds, std::uint64_t points);

    /// One line per destination whose queue is full or not empty.
    static std::vector<std::string> queueLines(const std::vector<DestinationStatus>& destinations,
                                               bool dropOnOverflow);

private:
    void report();

    GatewayStats& _stats;
    const DestinationAdmin& _destinations;
    const bool _dropOnOverflow;
    std::uint64_t _lastCount = 0;
    std::chrono::steady_clock::time_point _lastTime;
    PeriodicTask _task;
};

} // namespace polymur
