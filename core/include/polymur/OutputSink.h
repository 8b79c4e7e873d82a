// OutputSink.h - the output contract: how bytes reach one destination.
//
// The core owns the per-destination queue, the writer thread, batching,
// reconnect backoff and counters; a sink only opens a connection and writes
// whole buffers of complete lines. Lifecycle: create -> configure ->
// (connect -> write* -> destroy connection)* -> destroy.
#pragma once

#include "polymur/Destination.h"
#include "polymur/PluginConfig.h"

#include <cstddef>
#include <memory>

namespace polymur {

/// A contiguous run of complete Graphite lines, each ending in '\n'.
struct ConstBuffer
{
    const char* data;
    std::size_t size;
};

/// One live connection. Used by a single writer thread at a time.
class SinkConnection
{
public:
    virtual ~SinkConnection() = default;

    /// Write every byte of every buffer, in order. Blocking; bounded by the
    /// sink's own timeouts. Throw on failure: the core drops this connection,
    /// reconnects with backoff and writes the same buffers again (delivery is
    /// at least once across a failure).
    virtual void write(const ConstBuffer* buffers, std::size_t count) = 0;
};

class OutputSink
{
public:
    virtual ~OutputSink() = default;

    /// Validate settings; no threads. Throw with a clear message.
    virtual void configure(const PluginConfig& config) = 0;

    /// Open a connection to `destination`. Blocking, bounded in time; throw
    /// on failure. Called from the destination's writer thread; different
    /// destinations connect concurrently, so this must be thread-safe.
    virtual std::unique_ptr<SinkConnection> connect(const Destination& destination) = 0;
};

} // namespace polymur
