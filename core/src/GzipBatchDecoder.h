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

#include "MemoryBudget.h"

#include <zlib.h>

namespace polymur {

enum class DecodeStatus
{
    Ok,
    Malformed, ///< Not gzip, truncated, corrupt, or trailing garbage.
    TooLarge,  ///< Inflated size would exceed the limit.
    NoBudget   ///< The in-flight memory budget could not cover the output.
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
    /// At most `maxOutput` bytes are produced; beyond that TooLarge. When
    /// `lease` is given, every growth of `out` is charged to it first (the
    /// old and the new buffer during the copy) and NoBudget is returned when
    /// the budget cannot cover it. `out` should start without capacity.
    DecodeStatus decode(const char* data, std::size_t size, std::string& out, std::size_t maxOutput,
                        BudgetLease* lease = nullptr);

private:
    /// Grow `out` to `to` bytes, charging the new allocation to `lease`
    /// first (`charged`: what the lease holds for `out`). False: no budget.
    static bool grow(std::string& out, std::size_t to, BudgetLease* lease, std::size_t& charged);
    /// libdeflate whole-buffer decode; false when the zlib path must run
    /// (`noBudget` set when the announced size could not be charged).
    bool decodeWhole(const char* data, std::size_t size, std::string& out, std::size_t maxOutput, BudgetLease* lease,
                     std::size_t& charged, bool& noBudget);
    DecodeStatus decodeStreaming(const char* data, std::size_t size, std::string& out, std::size_t maxOutput,
                                 BudgetLease* lease, std::size_t& charged);

    z_stream _stream;
    void* _whole = nullptr; ///< libdeflate_decompressor, when built with it.
};

} // namespace polymur
