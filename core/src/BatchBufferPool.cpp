// BatchBufferPool.cpp - a mutex-guarded free list (one lock per batch, never
// per point).
#include "BatchBufferPool.h"

namespace polymur {

BatchBufferPool::BatchBufferPool(std::size_t maxBuffers, std::size_t maxCapacity) : _state(std::make_shared<State>())
{
    _state->maxBuffers = maxBuffers;
    _state->maxCapacity = maxCapacity;
    _state->idle.reserve(maxBuffers);
}

std::shared_ptr<std::string> BatchBufferPool::acquire()
{
    std::unique_ptr<std::string> buffer;
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        if (!_state->idle.empty())
        {
            buffer = std::move(_state->idle.back());
            _state->idle.pop_back();
        }
    }
    if (!buffer)
        buffer = std::make_unique<std::string>();
    std::weak_ptr<State> pool = _state;
    return std::shared_ptr<std::string>(buffer.release(), [pool](std::string* released) {
        std::unique_ptr<std::string> owned(released);
        if (auto state = pool.lock())
        {
            if (owned->capacity() > state->maxCapacity)
                return;
            std::lock_guard<std::mutex> lock(state->mutex);
            if (state->idle.size() < state->maxBuffers)
                state->idle.push_back(std::move(owned));
        }
    });
}

std::size_t BatchBufferPool::idle() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->idle.size();
}

} // namespace polymur
