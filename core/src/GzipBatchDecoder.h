// GzipBatchDecoder.h - inflates a request body that is one or more gzip
// members back to back (the proxy concatenates a failed batch with the next)
// into one buffer, stopping as soon as a size limit is crossed.
//
// When built with libdeflate (POLYMUR_HAVE_LIBDEFLATE), a body that is one
// gzip member whose trailer announces a plausible size is decoded whole by
// libdeflate (about 3x faster than zlib on Graphite text); anything else
// (several members, an implausible or over-limit size, any error) goes
// through zlib streaming, which decides the outcome with bounded memory.
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
    /// libdeflate whole-buffer decode; false when the zlib path must run.
    bool decodeWhole(const char* data, std::size_t size, std::string& out, std::size_t maxOutput);
    DecodeStatus decodeStreaming(const char* data, std::size_t size, std::string& out, std::size_t maxOutput);

    z_stream _stream;
    void* _whole = nullptr; ///< libdeflate_decompressor, when built with it.
};

} // namespace polymur
