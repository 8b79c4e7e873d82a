// BenchPayload.h - the benchmark's payload: batches of realistic Graphite
// lines ("servers.<host>.<subsystem>.<metric> <value> <ts>") over a few
// thousand hosts, gzipped once up front the way polymur-proxy sends them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace polymur::bench {

struct PayloadOptions
{
    std::size_t linesPerBatch = 5000; ///< polymur-proxy flushes at 5,000 lines.
    std::size_t hosts = 4000;         ///< Distinct hosts across all batches.
    std::size_t batches = 64;         ///< Distinct pre-gzipped batches (cycled).
    std::uint32_t seed = 20261127;
    long timestamp = 1700000000;
    int gzipLevel = 6;                ///< Go's gzip.DefaultCompression.
};

struct Payload
{
    std::vector<std::string> gzipped; ///< One gzip member per batch.
    std::size_t linesPerBatch = 0;
    std::size_t rawBytes = 0;         ///< Sum of the inflated sizes.
    std::size_t gzippedBytes = 0;     ///< Sum of the compressed sizes.
    std::size_t maxRawBatchBytes = 0; ///< Largest inflated batch.
};

/// The plaintext of batch `index` (each line ends in '\n').
std::string makeBatchText(const PayloadOptions& options, std::size_t index);

/// One gzip member holding `text`.
std::string gzipText(const std::string& text, int level);

/// Every batch, gzipped.
Payload makePayload(const PayloadOptions& options);

} // namespace polymur::bench
