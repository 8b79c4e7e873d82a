// InflateCeiling.cpp - single-core inflate rate of the benchmark payload.
#include "InflateCeiling.h"

#include <zlib.h>
#ifdef POLYMUR_BENCH_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include <chrono>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <vector>

namespace polymur::bench {

namespace {

/// Run `inflateOne(batch)` (returns inflated bytes) round robin for `seconds`.
InflateRate timeLoop(const Payload& payload, double seconds, const std::function<std::size_t(const std::string&)>& inflateOne)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    std::size_t batches = 0;
    std::size_t bytes = 0;
    while (Clock::now() < deadline)
    {
        for (const auto& batch : payload.gzipped)
        {
            bytes += inflateOne(batch);
            ++batches;
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    InflateRate rate;
    rate.pointsPerSecond = static_cast<double>(batches * payload.linesPerBatch) / elapsed;
    rate.megabytesPerSecond = static_cast<double>(bytes) / elapsed / 1e6;
    return rate;
}

} // namespace

InflateRate measureZlibInflate(const Payload& payload, double seconds)
{
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
        throw std::runtime_error("inflateInit2 failed");
    std::vector<unsigned char> out(payload.maxRawBatchBytes + 1);
    auto rate = timeLoop(payload, seconds, [&](const std::string& batch) {
        inflateReset(&stream);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(batch.data()));
        stream.avail_in = static_cast<uInt>(batch.size());
        stream.next_out = out.data();
        stream.avail_out = static_cast<uInt>(out.size());
        if (inflate(&stream, Z_FINISH) != Z_STREAM_END)
            throw std::runtime_error("inflate failed");
        return out.size() - stream.avail_out;
    });
    inflateEnd(&stream);
    return rate;
}

bool measureLibdeflateInflate(const Payload& payload, double seconds, InflateRate& rate)
{
#ifdef POLYMUR_BENCH_HAVE_LIBDEFLATE
    libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
    if (!decompressor)
        throw std::runtime_error("libdeflate_alloc_decompressor failed");
    std::vector<unsigned char> out(payload.maxRawBatchBytes + 1);
    rate = timeLoop(payload, seconds, [&](const std::string& batch) {
        std::size_t produced = 0;
        if (libdeflate_gzip_decompress(decompressor, batch.data(), batch.size(), out.data(), out.size(), &produced) !=
            LIBDEFLATE_SUCCESS)
            throw std::runtime_error("libdeflate_gzip_decompress failed");
        return produced;
    });
    libdeflate_free_decompressor(decompressor);
    return true;
#else
    (void)payload;
    (void)seconds;
    (void)rate;
    return false;
#endif
}

} // namespace polymur::bench
