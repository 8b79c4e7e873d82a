// DestinationQueue.h - the bounded queue of one destination: chunks of
// complete lines waiting for the writer. Capacity is counted in points and
// bytes; producers reserve space for a whole batch before pushing, so a
// batch is either queued entirely or not at all.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace polymur {

/// A run of complete lines ("a b c\n..."), shared between destinations when
/// the same batch goes to several.
struct Chunk
{
    std::shared_ptr<const std::string> data;
    std::uint32_t points = 0;
    std::uint64_t sequence = 0; ///< Set by the queue.
};

/// The memory a chunk holds, as queue capacity counts it: the buffer's
/// capacity, not just its lines (a recycled buffer may be larger).
inline std::size_t chunkBytes(const Chunk& chunk)
{
    return chunk.data->capacity();
}

class DestinationQueue
{
public:
    DestinationQueue(std::size_t capacityPoints, std::size_t capacityBytes);

    std::size_t capacityPoints() const { return _capacityPoints; }
    std::size_t capacityBytes() const { return _capacityBytes; }

    /// Whether a chunk of this size could ever fit.
    bool fitsEver(std::size_t points, std::size_t bytes) const
    {
        return points <= _capacityPoints && bytes <= _capacityBytes;
    }

    /// Reserve room; false when the queue is too full.
    bool tryReserve(std::size_t points, std::size_t bytes);
    /// Give back a reservation that will not be pushed.
    void release(std::size_t points, std::size_t bytes);
    /// Push a chunk whose room was reserved.
    void pushReserved(Chunk chunk);
    /// Push regardless of capacity (redistribution of already-accepted points).
    void pushForced(Chunk chunk);

    /// Copy up to `maxChunks` / `maxBytes` (at least one chunk) from the
    /// front, waiting up to `waitMs` for one. Returns how many were copied.
    std::size_t peek(std::vector<Chunk>& out, std::size_t maxChunks, std::size_t maxBytes, long waitMs);
    /// Remove chunks up to and including `sequence` if still at the front.
    /// Returns the points removed.
    std::size_t popThrough(std::uint64_t sequence);
    /// Remove and return everything queued.
    std::deque<Chunk> takeAll();

    std::size_t points() const;
    std::size_t bytes() const;
    bool empty() const;

    /// Wake a writer blocked in peek().
    void wake();

private:
    void pushLocked(Chunk chunk);

    const std::size_t _capacityPoints;
    const std::size_t _capacityBytes;
    mutable std::mutex _mutex;
    std::condition_variable _ready;
    std::deque<Chunk> _chunks;
    std::size_t _points = 0;   ///< Queued + reserved.
    std::size_t _bytes = 0;    ///< Queued + reserved.
    std::size_t _queuedPoints = 0;
    std::size_t _queuedBytes = 0;
    std::uint64_t _nextSequence = 1;
};

} // namespace polymur
