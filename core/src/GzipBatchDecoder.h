// GzipBatchDecoder.h - inflates a request body that is one or more gzip
// members back to back (the proxy concatenates a failed batch with the next)
// into one buffer, stopping as soon as a size limit is crossed.
#pragma once

#include <cstddef>
#include <string>

#include <zlib.h>

namespace polymur {

enum class DecodeStatus
{
    Ok,
    Malformed, ///< Not gzip, truncated, corrupt, or trailing garbage.
    TooLarge   ///< Inflated size would exceed the limit.
};

/// Reusable: keeps its zlib state between batches. Not thread-safe.
class GzipBatchDecoder
{
public:
    GzipBatchDecoder();
    ~GzipBatchDecoder();
    GzipBatchDecoder(const GzipBatchDecoder&) = delete;
    GzipBatchDecoder& operator=(const GzipBatchDecoder&) = delete;

    /// Inflate `size` bytes at `data` into `out` (replacing its contents).
    /// At most `maxOutput` bytes are produced; beyond that TooLarge.
    DecodeStatus decode(const char* data, std::size_t size, std::string& out, std::size_t maxOutput);

private:
    z_stream _stream;
};

} // namespace polymur
