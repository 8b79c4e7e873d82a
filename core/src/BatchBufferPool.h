// BatchBufferPool.h - recycles the buffers batches are inflated into. A
// batch buffer lives on in the destination queues after the request ends;
// when the last queue lets go of it, it returns here with its memory (and
// size) intact, so the next batch neither faults in fresh pages nor
// zero-fills what a previous batch already wrote.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace polymur {

class BatchBufferPool
{
public:
    /// Keep at most `maxBuffers` idle buffers of at most `maxCapacity` bytes
    /// each; larger or surplus buffers are freed.
    BatchBufferPool(std::size_t maxBuffers, std::size_t maxCapacity);

    /// A buffer with unspecified contents (callers resize it). Thread-safe;
    /// the buffer may be released from any thread, even after the pool is gone.
    std::shared_ptr<std::string> acquire();

    /// Idle buffers held now.
    std::size_t idle() const;

private:
    struct State
    {
        std::mutex mutex;
        std::vector<std::unique_ptr<std::string>> idle;
        std::size_t maxBuffers;
        std::size_t maxCapacity;
    };
    std::shared_ptr<State> _state;
};

} // namespace polymur
