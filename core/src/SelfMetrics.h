// SelfMetrics.h - -metrics-flush N: every N seconds the gateway sends its own
// figures through its pipeline as Graphite lines, with the original's names:
//   <host>.polymur.rate
//   <host>.polymur.runtime.<figure>            (Alloc, Sys, HeapIdle, RSS, ...)
//   <host>.polymur.incoming-queue.current-size|limit
//   <host>.polymur.outgoing-queue.<dest, '.' -> '_'>.current-size|limit
// The incoming queue is the HTTPS listener's queue of accepted connections
// waiting for a worker thread (the original queued batches there).
#pragma once

#include "Distributor.h"
#include "GatewayStats.h"
#include "PeriodicTask.h"
#include "RateLimitedLog.h"
#include "StatsCollector.h"

#include <functional>
#include <string>

namespace polymur {

class SelfMetrics
{
public:
    struct IncomingQueue
    {
        std::size_t size = 0;
        std::size_t limit = 0;
    };

    SelfMetrics(const StatsCollector& collector, Distributor& distributor, GatewayStats& stats,
                std::chrono::seconds interval, std::function<IncomingQueue()> incoming);

    void start();
    void stop();

    /// Build and submit one set of lines now.
    void flush();

    /// The Graphite lines for a snapshot ("name value timestamp\n" each).
    static std::string format(const StatsSnapshot& snapshot, const IncomingQueue& incoming, long timestamp);

private:
    const StatsCollector& _collector;
    Distributor& _distributor;
    GatewayStats& _stats;
    const std::function<IncomingQueue()> _incoming;
    RateLimitedLog _refusedLog{1, std::chrono::seconds(60)};
    PeriodicTask _task;
};

} // namespace polymur
