// DestinationWriter.h - the thread that drains one destination's queue into
// an output sink connection: large batched writes, reconnects with capped
// exponential backoff, and health figures for the distribution policy.
#pragma once

#include "DestinationQueue.h"

#include "polymur/OutputSink.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace polymur {

struct WriterOptions
{
    long reconnectMinMs = 1000;
    long reconnectMaxMs = 10000;
    std::size_t maxWriteBytes = 4 << 20;
    std::size_t maxChunksPerWrite = 256;
};

class DestinationWriter
{
public:
    /// `onHealthChange` runs on the writer thread after a connect, a failed
    /// connect or a lost connection.
    DestinationWriter(Destination destination, OutputSink& sink, DestinationQueue& queue, WriterOptions options,
                      std::function<void()> onHealthChange);
    ~DestinationWriter();

    void start();
    /// Stop now (queued points stay in the queue). Idempotent; joins.
    void stop();

    bool connected() const { return _connected; }
    unsigned consecutiveFailures() const { return _consecutiveFailures; }
    std::uint64_t pointsSent() const { return _pointsSent; }
    std::uint64_t reconnects() const { return _reconnects; }
    std::uint64_t writeErrors() const { return _writeErrors; }

private:
    void run();
    bool connect();
    void sleepInterruptibly(long ms);

    const Destination _destination;
    OutputSink& _sink;
    DestinationQueue& _queue;
    const WriterOptions _options;
    const std::function<void()> _onHealthChange;

    std::unique_ptr<SinkConnection> _connection;
    std::thread _thread;
    std::mutex _sleepMutex;
    std::condition_variable _sleepWake;
    std::atomic<bool> _stopping{false};
    std::atomic<bool> _connected{false};
    std::atomic<unsigned> _consecutiveFailures{0};
    std::atomic<std::uint64_t> _pointsSent{0};
    std::atomic<std::uint64_t> _reconnects{0};
    std::atomic<std::uint64_t> _writeErrors{0};
    bool _everConnected = false;
    bool _failureLogged = false;
};

} // namespace polymur
