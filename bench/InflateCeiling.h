// InflateCeiling.h - the machine's limit for this payload: how many points
// per second one core inflates (zlib streaming, and libdeflate whole-buffer
// when built with it), with nothing else done to them.
#pragma once

#include "BenchPayload.h"

#include <string>

namespace polymur::bench {

struct InflateRate
{
    double pointsPerSecond = 0;
    double megabytesPerSecond = 0; ///< Inflated bytes.
};

/// Inflate the payload's batches round robin for about `seconds` on the
/// calling thread with zlib into a reused buffer.
InflateRate measureZlibInflate(const Payload& payload, double seconds);

/// Same with libdeflate's whole-buffer gzip decompressor; false when the
/// bench was built without libdeflate.
bool measureLibdeflateInflate(const Payload& payload, double seconds, InflateRate& rate);

} // namespace polymur::bench
