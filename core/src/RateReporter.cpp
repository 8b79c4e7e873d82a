// RateReporter.cpp - the 5-second summary.
#include "RateReporter.h"

#include <Poco/Format.h>
#include <Poco/Logger.h>

namespace polymur {

RateReporter::RateReporter(GatewayStats& stats, const DestinationAdmin& destinations,
                           std::chrono::milliseconds interval, bool dropOnOverflow)
    : _stats(stats), _destinations(destinations), _dropOnOverflow(dropOnOverflow),
      _task("rate reporter", interval, [this] { report(); })
{
}

void RateReporter::start()
{
    _lastCount = _stats.pointsReceived.load(std::memory_order_relaxed);
    _lastTime = std::chrono::steady_clock::now();
    _task.start();
}

void RateReporter::stop()
{
    _task.stop();
}

std::string RateReporter::rateLine(double seconds, std::uint64_t points)
{
    const double rate = seconds > 0 ? static_cast<double>(points) / seconds : 0.0;
    return Poco::format("Last %.2fs: Received %Lu data points | Avg: %.2f/sec.", seconds,
                        static_cast<Poco::UInt64>(points), rate);
}

std::vector<std::string> RateReporter::queueLines(const std::vector<DestinationStatus>& destinations,
                                                  bool dropOnOverflow)
{
    std::vector<std::string> lines;
    for (const auto& d : destinations)
    {
        const bool full = (d.capacityPoints && d.queuePoints >= d.capacityPoints) ||
                          (d.capacityBytes && d.queueBytes >= d.capacityBytes);
        if (full)
            lines.push_back(Poco::format("Destination %s queue is at capacity (%z) - further batches will be %s",
                                         d.name, d.queuePoints,
                                         std::string(dropOnOverflow ? "dropped for it" : "refused with 503")));
        else if (d.queuePoints > 0)
            lines.push_back(Poco::format("Destination %s queue length: %z", d.name, d.queuePoints));
    }
    return lines;
}

void RateReporter::report()
{
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t count = _stats.pointsReceived.load(std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(now - _lastTime).count();
    const std::uint64_t delta = count - _lastCount;
    _lastCount = count;
    _lastTime = now;
    Poco::Logger& log = Poco::Logger::get("polymur");
    if (delta > 0)
    {
        _stats.receiveRate.store(seconds > 0 ? static_cast<double>(delta) / seconds : 0.0);
        log.information(rateLine(seconds, delta));
    }
    else
        _stats.receiveRate.store(0.0);
    for (const auto& line : queueLines(_destinations.status(), _dropOnOverflow))
        log.information(line);
}

} // namespace polymur
