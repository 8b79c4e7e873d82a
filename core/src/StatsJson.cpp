// StatsJson.cpp - snapshot -> JSON.
#include "StatsJson.h"

#include "AdminLineProtocol.h"

#include <Poco/JSON/Object.h>

#include <cmath>
#include <sstream>

namespace polymur {

namespace {

using Poco::JSON::Object;

Object::Ptr ordered()
{
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

double rounded(double value, double scale)
{
    return std::round(value * scale) / scale;
}

} // namespace

std::string StatsJson::format(const StatsSnapshot& s)
{
    Object::Ptr service = ordered();
    service->set("name", "polymur-gateway");
    service->set("version", s.version);
    service->set("hostname", s.hostname);
    service->set("start-time", AdminLineProtocol::rfc3339(s.startTime));
    service->set("uptime-seconds", static_cast<Poco::Int64>(s.uptimeSeconds));

    Object::Ptr memory = ordered();
    memory->set("Alloc", s.process.heapAllocatedBytes);
    memory->set("Sys", s.process.heapSystemBytes);
    memory->set("HeapIdle", s.process.heapFreeBytes);
    memory->set("RSS", s.process.rssBytes);
    memory->set("RSSPeak", s.process.rssPeakBytes);
    memory->set("VmSize", s.process.virtualBytes);
    memory->set("Threads", s.process.threads);
    memory->set("OpenFDs", s.process.openFds);

    Object::Ptr rejected = ordered();
    for (std::size_t i = 0; i < s.pointsRejectedBy.size(); ++i)
        rejected->set(rejectReasonName(static_cast<RejectReason>(i)), s.pointsRejectedBy[i]);
    Object::Ptr skipped = ordered();
    for (std::size_t i = 0; i < s.linesSkipped.size(); ++i)
        skipped->set(skipReasonName(static_cast<SkipReason>(i)), s.linesSkipped[i]);
    Object::Ptr responses = ordered();
    for (const auto& [code, count] : s.responses)
        responses->set(code, count);

    Object::Ptr ingest = ordered();
    ingest->set("points-received", s.pointsReceived);
    ingest->set("points-accepted", s.pointsAccepted);
    ingest->set("points-rejected", s.pointsRejected);
    ingest->set("points-rejected-by-reason", rejected);
    ingest->set("lines-skipped", skipped);
    ingest->set("rate", rounded(s.receiveRate, 100));
    ingest->set("batches", s.batches);
    ingest->set("bytes-in", s.bytesIn);
    ingest->set("bytes-inflated", s.bytesInflated);
    ingest->set("invalid-keys", s.invalidKeys);
    ingest->set("tls-handshake-failures", s.tlsHandshakeFailures);
    ingest->set("memory-budget-refusals", s.budgetRefusals);
    ingest->set("connections-refused", s.connectionsRefused);
    ingest->set("connections-timed-out", s.connectionsTimedOut);
    ingest->set("requests-in-flight", s.requestsInFlight);
    ingest->set("responses", responses);

    Object::Ptr output = ordered();
    output->set("points-sent", s.pointsSent);
    output->set("points-queued", s.pointsQueued);
    output->set("points-dropped", s.pointsDropped);
    output->set("self-metric-points", s.selfMetricPoints);

    Object::Ptr destinations = ordered();
    for (const auto& d : s.destinations)
    {
        Object::Ptr one = ordered();
        one->set("connected", d.connected);
        one->set("member", d.member);
        one->set("queue-points", static_cast<std::uint64_t>(d.queuePoints));
        one->set("queue-capacity-points", static_cast<std::uint64_t>(d.capacityPoints));
        one->set("queue-bytes", static_cast<std::uint64_t>(d.queueBytes));
        one->set("queue-capacity-bytes", static_cast<std::uint64_t>(d.capacityBytes));
        one->set("sent", d.sent);
        one->set("dropped", d.dropped);
        one->set("reconnects", d.reconnects);
        one->set("write-errors", d.writeErrors);
        one->set("registered", AdminLineProtocol::rfc3339(d.registered));
        destinations->set(d.name, one);
    }

    Object::Ptr keyStore = ordered();
    keyStore->set("plugin", s.keyStorePlugin);
    keyStore->set("keys-loaded", static_cast<std::uint64_t>(s.keyStore.keysLoaded));
    if (s.keyStore.lastSuccessUnixMs > 0)
        keyStore->set("last-sync-time", AdminLineProtocol::rfc3339(std::chrono::system_clock::time_point(
                                            std::chrono::milliseconds(s.keyStore.lastSuccessUnixMs))));
    else
        keyStore->set("last-sync-time", Poco::Dynamic::Var());
    keyStore->set("last-error", s.keyStore.lastError);

    Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("service", service);
    document.set("runtime-meminfo", memory);
    document.set("ingest", ingest);
    document.set("output", output);
    document.set("destinations", destinations);
    document.set("keystore", keyStore);
    std::ostringstream out;
    document.stringify(out, 2);
    return out.str();
}

} // namespace polymur
