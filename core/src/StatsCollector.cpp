// StatsCollector.cpp - reading the counters into a snapshot.
#include "StatsCollector.h"

#include <Poco/Environment.h>

namespace polymur {

StatsCollector::StatsCollector(const GatewayStats& stats, const Distributor& distributor, const KeyStore& keyStore,
                               std::string keyStorePlugin)
    : _stats(stats), _distributor(distributor), _keyStore(keyStore), _keyStorePlugin(std::move(keyStorePlugin))
{
    try
    {
        _hostname = Poco::Environment::nodeName();
    }
    catch (...)
    {
        _hostname = "localhost";
    }
}

StatsSnapshot StatsCollector::take() const
{
    constexpr auto relaxed = std::memory_order_relaxed;
    StatsSnapshot s;
    s.version = POLYMUR_GATEWAY_VERSION;
    s.hostname = _hostname;
    s.startTime = _stats.startedWall;
    s.now = std::chrono::system_clock::now();
    s.uptimeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - _stats.started).count();
    s.process = ProcessFigures::readSelf();

    s.pointsReceived = _stats.pointsReceived.load(relaxed);
    s.pointsAccepted = _stats.pointsQueued.load(relaxed);
    s.pointsRejected = _stats.pointsRejected.load(relaxed);
    for (std::size_t i = 0; i < s.pointsRejectedBy.size(); ++i)
        s.pointsRejectedBy[i] = _stats.pointsRejectedBy[i].load(relaxed);
    for (std::size_t i = 0; i < s.linesSkipped.size(); ++i)
        s.linesSkipped[i] = _stats.linesSkipped[i].load(relaxed);
    s.selfMetricPoints = _stats.selfMetricPoints.load(relaxed);
    s.batches = _stats.batches.load(relaxed);
    s.bytesIn = _stats.bytesIn.load(relaxed);
    s.bytesInflated = _stats.bytesInflated.load(relaxed);
    s.invalidKeys = _stats.invalidKeys.load(relaxed);
    s.tlsHandshakeFailures = _stats.tlsHandshakeFailures.load(relaxed);
    s.budgetRefusals = _stats.budgetRefusals.load(relaxed);
    s.connectionsRefused = _stats.connectionsRefused.load(relaxed);
    s.connectionsTimedOut = _stats.connectionsTimedOut.load(relaxed);
    s.requestsInFlight = _stats.requestsInFlight.load(relaxed);
    s.receiveRate = _stats.receiveRate.load(relaxed);
    for (std::size_t i = 0; i < kCountedStatuses.size(); ++i)
    {
        const int code = kCountedStatuses[i];
        s.responses.emplace_back(code ? std::to_string(code) : "other", _stats.responses[i].load(relaxed));
    }

    s.destinations = _distributor.status();
    for (const auto& d : s.destinations)
    {
        s.pointsSent += d.sent;
        s.pointsQueued += d.queuePoints;
    }
    s.pointsDropped = _distributor.droppedPoints();

    s.keyStorePlugin = _keyStorePlugin;
    s.keyStore = _keyStore.health();
    return s;
}

} // namespace polymur
