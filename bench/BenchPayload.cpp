// BenchPayload.cpp - deterministic realistic Graphite batches and gzip.
#include "BenchPayload.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

namespace polymur::bench {

namespace {

/// What a collectd/diamond style agent reports for one host.
const char* const kMetrics[] = {
    "cpu.total.user", "cpu.total.system", "cpu.total.idle", "cpu.total.iowait", "cpu.total.steal",
    "cpu.total.nice", "memory.MemFree", "memory.MemTotal", "memory.Cached", "memory.Buffers",
    "memory.SwapFree", "loadavg.01", "loadavg.05", "loadavg.15", "loadavg.processes_running",
    "diskspace.root.byte_used", "diskspace.root.byte_free", "diskspace.root.inodes_free",
    "iostat.sda.reads_per_second", "iostat.sda.writes_per_second", "iostat.sda.read_byte_per_second",
    "iostat.sda.write_byte_per_second", "iostat.sda.util_percentage", "iostat.sda.await",
    "network.eth0.rx_byte", "network.eth0.tx_byte", "network.eth0.rx_packets", "network.eth0.tx_packets",
    "network.eth0.rx_errors", "network.eth0.tx_errors", "tcp.CurrEstab", "tcp.ActiveOpens",
    "tcp.PassiveOpens", "tcp.RetransSegs", "vmstat.pgpgin", "vmstat.pgpgout", "vmstat.pswpin",
    "vmstat.pswpout", "sockets.used", "filestat.assigned"};
constexpr std::size_t kMetricCount = sizeof(kMetrics) / sizeof(kMetrics[0]);

const char* const kRoles[] = {"web", "api", "db", "cache", "queue", "worker", "search", "lb"};
const char* const kSites[] = {"ams1", "fra2", "iad1", "sfo3", "sin1"};

} // namespace

std::string makeBatchText(const PayloadOptions& options, std::size_t index)
{
    std::mt19937 rng(options.seed + static_cast<std::uint32_t>(index) * 7919u);
    std::uniform_real_distribution<double> percent(0.0, 100.0);
    std::uniform_int_distribution<long long> counter(0, 9000000000LL);
    std::string text;
    text.reserve(options.linesPerBatch * 64);
    // Consecutive batches continue through the host list, as a proxy that
    // relays many agents' flushes would see them.
    const std::size_t first = index * options.linesPerBatch;
    const long ts = options.timestamp + static_cast<long>(index / 4) * 10;
    char line[256];
    for (std::size_t i = 0; i < options.linesPerBatch; ++i)
    {
        const std::size_t n = first + i;
        const std::size_t host = (n / kMetricCount) % options.hosts;
        const std::size_t metric = n % kMetricCount;
        int len;
        if (metric % 3 == 0)
            len = std::snprintf(line, sizeof(line), "servers.%s-%s-%04zu.%s %.2f %ld\n", kRoles[host % 8],
                                kSites[host % 5], host, kMetrics[metric], percent(rng), ts);
        else
            len = std::snprintf(line, sizeof(line), "servers.%s-%s-%04zu.%s %lld %ld\n", kRoles[host % 8],
                                kSites[host % 5], host, kMetrics[metric], counter(rng) >> (metric % 24), ts);
        text.append(line, static_cast<std::size_t>(len));
    }
    return text;
}

std::string gzipText(const std::string& text, int level)
{
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    if (deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&stream, text.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(&out[0]);
    stream.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("deflate did not finish");
    return out;
}

Payload makePayload(const PayloadOptions& options)
{
    Payload payload;
    payload.linesPerBatch = options.linesPerBatch;
    for (std::size_t i = 0; i < options.batches; ++i)
    {
        const std::string text = makeBatchText(options, i);
        payload.rawBytes += text.size();
        payload.maxRawBatchBytes = std::max(payload.maxRawBatchBytes, text.size());
        payload.gzipped.push_back(gzipText(text, options.gzipLevel));
        payload.gzippedBytes += payload.gzipped.back().size();
    }
    return payload;
}

} // namespace polymur::bench
