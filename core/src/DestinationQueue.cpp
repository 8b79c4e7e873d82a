// DestinationQueue.cpp - reservation-based bounded queue.
#include "DestinationQueue.h"

#include <chrono>

namespace polymur {

DestinationQueue::DestinationQueue(std::size_t capacityPoints, std::size_t capacityBytes)
    : _capacityPoints(capacityPoints), _capacityBytes(capacityBytes)
{
}

bool DestinationQueue::tryReserve(std::size_t points, std::size_t bytes)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_points + points > _capacityPoints || _bytes + bytes > _capacityBytes)
        return false;
    _points += points;
    _bytes += bytes;
    return true;
}

void DestinationQueue::release(std::size_t points, std::size_t bytes)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _points -= points;
    _bytes -= bytes;
}

void DestinationQueue::pushLocked(Chunk chunk)
{
    chunk.sequence = _nextSequence++;
    _queuedPoints += chunk.points;
    _queuedBytes += chunkBytes(chunk);
    _chunks.push_back(std::move(chunk));
}

void DestinationQueue::pushReserved(Chunk chunk)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        pushLocked(std::move(chunk));
    }
    _ready.notify_one();
}

void DestinationQueue::pushForced(Chunk chunk)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _points += chunk.points;
        _bytes += chunkBytes(chunk);
        pushLocked(std::move(chunk));
    }
    _ready.notify_one();
}

std::size_t DestinationQueue::peek(std::vector<Chunk>& out, std::size_t maxChunks, std::size_t maxBytes, long waitMs)
{
    out.clear();
    std::unique_lock<std::mutex> lock(_mutex);
    if (_chunks.empty())
        _ready.wait_for(lock, std::chrono::milliseconds(waitMs));
    std::size_t bytes = 0;
    for (const auto& chunk : _chunks)
    {
        if (out.size() >= maxChunks || (!out.empty() && bytes + chunk.data->size() > maxBytes))
            break;
        bytes += chunk.data->size();
        out.push_back(chunk);
    }
    return out.size();
}

std::size_t DestinationQueue::popThrough(std::uint64_t sequence)
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::size_t removed = 0;
    while (!_chunks.empty() && _chunks.front().sequence <= sequence)
    {
        const Chunk& front = _chunks.front();
        removed += front.points;
        _points -= front.points;
        _bytes -= chunkBytes(front);
        _queuedPoints -= front.points;
        _queuedBytes -= chunkBytes(front);
        _chunks.pop_front();
    }
    return removed;
}

std::deque<Chunk> DestinationQueue::takeAll()
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::deque<Chunk> all;
    all.swap(_chunks);
    _points -= _queuedPoints;
    _bytes -= _queuedBytes;
    _queuedPoints = 0;
    _queuedBytes = 0;
    return all;
}

std::size_t DestinationQueue::points() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _queuedPoints;
}

std::size_t DestinationQueue::bytes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _queuedBytes;
}

bool DestinationQueue::empty() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _chunks.empty();
}

void DestinationQueue::wake()
{
    _ready.notify_all();
}

} // namespace polymur
