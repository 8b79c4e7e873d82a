// MemoryBudget.cpp - blocking byte budget with a bounded wait.
#include "MemoryBudget.h"

#include <algorithm>

namespace polymur {

bool MemoryBudget::acquire(std::size_t bytes, std::chrono::milliseconds wait, bool small)
{
    if (bytes == 0)
        return true;
    const std::size_t limit = small ? _capacity : _capacity - _reserve;
    if (bytes > limit)
        return false;
    std::unique_lock<std::mutex> lock(_mutex);
    if (!_freed.wait_for(lock, wait, [&] { return _inUse <= limit && limit - _inUse >= bytes; }))
        return false;
    _inUse += bytes;
    _highWater = std::max(_highWater, _inUse);
    return true;
}

void MemoryBudget::release(std::size_t bytes)
{
    if (bytes == 0)
        return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _inUse -= std::min(bytes, _inUse);
    }
    _freed.notify_all();
}

std::size_t MemoryBudget::inUse() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _inUse;
}

std::size_t MemoryBudget::highWater() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _highWater;
}

bool BudgetLease::take(std::size_t bytes)
{
    const bool small = _held + bytes <= _budget.smallRequestBytes();
    if (!_budget.acquire(bytes, _wait, small))
        return false;
    _held += bytes;
    return true;
}

void BudgetLease::give(std::size_t bytes)
{
    bytes = std::min(bytes, _held);
    _held -= bytes;
    _budget.release(bytes);
}

void BudgetLease::releaseAll()
{
    give(_held);
}

} // namespace polymur
