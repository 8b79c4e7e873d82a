// PrometheusExposition.cpp - snapshot -> Prometheus text format.
#include "PrometheusExposition.h"

#include <cstdio>
#include <initializer_list>
#include <string_view>

namespace polymur {

namespace {

using Label = std::pair<std::string_view, std::string>;

class Writer
{
public:
    explicit Writer(std::string& out) : _out(out) {}

    Writer& family(std::string_view name, std::string_view type, std::string_view help)
    {
        _name = name;
        _out.append("# HELP ").append(name).append(" ").append(help).append("\n");
        _out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
        return *this;
    }

    Writer& sample(double value, std::initializer_list<Label> labels = {})
    {
        _out.append(_name);
        if (labels.size())
        {
            _out.push_back('{');
            bool first = true;
            for (const auto& [key, text] : labels)
            {
                if (!first)
                    _out.push_back(',');
                first = false;
                _out.append(key).append("=\"").append(PrometheusExposition::escapeLabel(text)).append("\"");
            }
            _out.push_back('}');
        }
        char number[64];
        std::snprintf(number, sizeof(number), " %.17g\n", value);
        _out.append(number);
        return *this;
    }

private:
    std::string& _out;
    std::string_view _name;
};

double seconds(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

} // namespace

std::string PrometheusExposition::escapeLabel(const std::string& value)
{
    std::string out;
    out.reserve(value.size());
    for (char c : value)
    {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string PrometheusExposition::format(const StatsSnapshot& s)
{
    std::string out;
    out.reserve(8192);
    Writer w(out);
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };

    w.family("polymur_gateway_build_info", "gauge", "Version of the running gateway (always 1).")
        .sample(1, {{"version", s.version}});
    w.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.")
        .sample(seconds(s.startTime));
    w.family("polymur_gateway_uptime_seconds", "gauge", "Seconds since the gateway started.").sample(s.uptimeSeconds);
    w.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.").sample(d(s.process.rssBytes));
    w.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
        .sample(d(s.process.virtualBytes));
    w.family("process_open_fds", "gauge", "Number of open file descriptors.").sample(d(s.process.openFds));
    w.family("polymur_gateway_threads", "gauge", "Threads of the gateway process.").sample(d(s.process.threads));
    w.family("polymur_gateway_heap_allocated_bytes", "gauge", "Bytes allocated by malloc and in use.")
        .sample(d(s.process.heapAllocatedBytes));

    w.family("polymur_gateway_points_received_total", "counter",
             "Valid data points received in batches with a valid key (accepted or rejected).")
        .sample(d(s.pointsReceived));
    w.family("polymur_gateway_points_accepted_total", "counter",
             "Data points acknowledged with HTTP 200 and queued for delivery.")
        .sample(d(s.pointsAccepted));
    w.family("polymur_gateway_points_rejected_total", "counter",
             "Valid data points of batches refused with 413 or 503, by reason (the client may retry).");
    for (std::size_t i = 0; i < s.pointsRejectedBy.size(); ++i)
        w.sample(d(s.pointsRejectedBy[i]), {{"reason", rejectReasonName(static_cast<RejectReason>(i))}});
    w.family("polymur_gateway_lines_invalid_total", "counter", "Lines skipped as invalid Graphite lines, by reason.");
    for (std::size_t i = 0; i < s.linesSkipped.size(); ++i)
        w.sample(d(s.linesSkipped[i]), {{"reason", skipReasonName(static_cast<SkipReason>(i))}});
    w.family("polymur_gateway_points_dropped_total", "counter",
             "Accepted data points dropped (overflow = drop, removed destinations).")
        .sample(d(s.pointsDropped));
    w.family("polymur_gateway_self_metric_points_total", "counter", "Data points injected by -metrics-flush.")
        .sample(d(s.selfMetricPoints));
    w.family("polymur_gateway_batches_total", "counter", "Ingest requests with a valid key.").sample(d(s.batches));
    w.family("polymur_gateway_received_bytes_total", "counter", "Compressed request body bytes received.")
        .sample(d(s.bytesIn));
    w.family("polymur_gateway_inflated_bytes_total", "counter", "Decompressed batch bytes.")
        .sample(d(s.bytesInflated));
    w.family("polymur_gateway_invalid_key_requests_total", "counter", "Requests refused for a missing or invalid key.")
        .sample(d(s.invalidKeys));
    w.family("polymur_gateway_tls_handshake_failures_total", "counter",
             "TLS errors on the HTTPS listener (failed handshakes, mostly).")
        .sample(d(s.tlsHandshakeFailures));
    w.family("polymur_gateway_memory_budget_refusals_total", "counter",
             "Batches answered 503 because the in-flight memory budget was exhausted.")
        .sample(d(s.budgetRefusals));
    w.family("polymur_gateway_connections_refused_total", "counter",
             "Connections closed at accept: gateway.max-connections reached.")
        .sample(d(s.connectionsRefused));
    w.family("polymur_gateway_connections_timed_out_total", "counter",
             "Connections closed by a handshake/header, body or idle deadline.")
        .sample(d(s.connectionsTimedOut));
    w.family("polymur_gateway_http_requests_in_flight", "gauge", "HTTPS requests being handled now.")
        .sample(d(s.requestsInFlight));
    w.family("polymur_gateway_http_responses_total", "counter", "HTTPS responses by status code.");
    for (const auto& [code, count] : s.responses)
        w.sample(d(count), {{"code", code}});

    w.family("polymur_gateway_destination_up", "gauge", "1 when the destination has a live connection.");
    for (const auto& x : s.destinations)
        w.sample(x.connected ? 1 : 0, {{"destination", x.name}});
    w.family("polymur_gateway_destination_member", "gauge",
             "1 when the distribution policy routes to the destination.");
    for (const auto& x : s.destinations)
        w.sample(x.member ? 1 : 0, {{"destination", x.name}});
    w.family("polymur_gateway_destination_queue_points", "gauge", "Data points waiting in the destination queue.");
    for (const auto& x : s.destinations)
        w.sample(d(x.queuePoints), {{"destination", x.name}});
    w.family("polymur_gateway_destination_queue_capacity_points", "gauge", "Capacity of the destination queue.");
    for (const auto& x : s.destinations)
        w.sample(d(x.capacityPoints), {{"destination", x.name}});
    w.family("polymur_gateway_destination_queue_bytes", "gauge", "Bytes waiting in the destination queue.");
    for (const auto& x : s.destinations)
        w.sample(d(x.queueBytes), {{"destination", x.name}});
    w.family("polymur_gateway_destination_points_sent_total", "counter", "Data points written to the destination.");
    for (const auto& x : s.destinations)
        w.sample(d(x.sent), {{"destination", x.name}});
    w.family("polymur_gateway_destination_points_dropped_total", "counter",
             "Data points dropped for the destination (overflow = drop).");
    for (const auto& x : s.destinations)
        w.sample(d(x.dropped), {{"destination", x.name}});
    w.family("polymur_gateway_destination_reconnects_total", "counter", "Reconnections to the destination.");
    for (const auto& x : s.destinations)
        w.sample(d(x.reconnects), {{"destination", x.name}});
    w.family("polymur_gateway_destination_write_errors_total", "counter", "Failed writes to the destination.");
    for (const auto& x : s.destinations)
        w.sample(d(x.writeErrors), {{"destination", x.name}});

    w.family("polymur_gateway_keystore_keys", "gauge", "API keys loaded from the key store.")
        .sample(d(s.keyStore.keysLoaded), {{"plugin", s.keyStorePlugin}});
    w.family("polymur_gateway_keystore_last_sync_timestamp_seconds", "gauge",
             "Time of the last successful key store sync (0 = never).")
        .sample(static_cast<double>(s.keyStore.lastSuccessUnixMs) / 1000.0, {{"plugin", s.keyStorePlugin}});
    w.family("polymur_gateway_keystore_healthy", "gauge", "1 when the last key store sync succeeded.")
        .sample(s.keyStore.lastError.empty() ? 1 : 0, {{"plugin", s.keyStorePlugin}});
    return out;
}

} // namespace polymur
