// SelfMetrics.cpp - building and injecting the gateway's own metrics.
#include "SelfMetrics.h"

#include "LineParser.h"

#include <Poco/Format.h>
#include <Poco/Logger.h>

#include <initializer_list>
#include <utility>

namespace polymur {

SelfMetrics::SelfMetrics(const StatsCollector& collector, Distributor& distributor, GatewayStats& stats,
                         std::chrono::seconds interval, std::function<IncomingQueue()> incoming)
    : _collector(collector), _distributor(distributor), _stats(stats), _incoming(std::move(incoming)),
      _task("metrics-flush", interval, [this] { flush(); })
{
}

void SelfMetrics::start()
{
    _task.start();
}

void SelfMetrics::stop()
{
    _task.stop();
}

std::string SelfMetrics::format(const StatsSnapshot& s, const IncomingQueue& incoming, long timestamp)
{
    const std::string prefix = s.hostname + ".polymur.";
    const std::string ts = " " + std::to_string(timestamp) + "\n";
    std::string out;
    const auto add = [&](const std::string& name, const std::string& value) { out += prefix + name + " " + value + ts; };
    const auto addInt = [&](const std::string& name, std::uint64_t value) { add(name, std::to_string(value)); };

    const std::initializer_list<std::pair<const char*, std::uint64_t>> runtime = {
        {"Alloc", s.process.heapAllocatedBytes}, {"Sys", s.process.heapSystemBytes},
        {"HeapIdle", s.process.heapFreeBytes},   {"RSS", s.process.rssBytes},
        {"RSSPeak", s.process.rssPeakBytes},     {"VmSize", s.process.virtualBytes},
        {"Threads", s.process.threads},          {"OpenFDs", s.process.openFds}};
    for (const auto& [name, value] : runtime)
        addInt(std::string("runtime.") + name, value);
    add("rate", Poco::format("%.2f", s.receiveRate));
    addInt("incoming-queue.current-size", incoming.size);
    addInt("incoming-queue.limit", incoming.limit);
    for (const auto& d : s.destinations)
    {
        std::string name = d.name;
        for (char& c : name)
            if (c == '.')
                c = '_';
        addInt("outgoing-queue." + name + ".current-size", d.queuePoints);
        addInt("outgoing-queue." + name + ".limit", d.capacityPoints);
    }
    return out;
}

void SelfMetrics::flush()
{
    const StatsSnapshot snapshot = _collector.take();
    const long timestamp =
        static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(snapshot.now.time_since_epoch()).count());
    const std::string text = format(snapshot, _incoming ? _incoming() : IncomingQueue(), timestamp);

    auto buffer = std::make_shared<std::string>();
    LineBatch batch;
    batch.source = "self-metrics";
    const ParseCounts counts = parseLines(text, LineParserOptions(), *buffer, batch);
    const SubmitResult result = _distributor.submit(batch, buffer);
    if (result == SubmitResult::Queued)
    {
        _stats.selfMetricPoints.fetch_add(counts.accepted, std::memory_order_relaxed);
        return;
    }
    std::size_t suppressed = 0;
    if (_refusedLog.allow(suppressed))
        Poco::Logger::get("polymur").warning(
            "Self-metrics: %z points not queued (%s)", counts.accepted,
            std::string(result == SubmitResult::NoDestination ? "no destination" : "destination queue full"));
}

} // namespace polymur
