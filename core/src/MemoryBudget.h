// MemoryBudget.h - a global byte budget shared by all requests in flight:
// compressed bodies, inflated batches and parsed lines are charged to it
// before they are allocated, so the memory that requests hold together is
// bounded by configuration (gateway.max-inflight-bytes). A request that
// cannot get its bytes waits briefly, then is answered 503.
#pragma once

#include <chrono>
#include <condition_variable>
#include <algorithm>
#include <cstddef>
#include <mutex>

namespace polymur {

class MemoryBudget
{
public:
    /// The last `reserve` bytes are kept for small requests (see acquire()),
    /// so large batches cannot starve small ones. Default: capacity / 8.
    explicit MemoryBudget(std::size_t capacity) : MemoryBudget(capacity, capacity / 8) {}
    MemoryBudget(std::size_t capacity, std::size_t reserve) : _capacity(capacity), _reserve(std::min(reserve, capacity)) {}
    MemoryBudget(const MemoryBudget&) = delete;
    MemoryBudget& operator=(const MemoryBudget&) = delete;

    /// Take `bytes`, waiting up to `wait` for them to become free. False when
    /// they did not (or can never: more than the whole capacity). Only a
    /// `small` request may use the reserve.
    bool acquire(std::size_t bytes, std::chrono::milliseconds wait, bool small = false);
    /// Give back bytes taken with acquire().
    void release(std::size_t bytes);

    std::size_t capacity() const { return _capacity; }
    /// A request holding at most this much in total counts as small.
    std::size_t smallRequestBytes() const { return _reserve / 16; }
    std::size_t inUse() const;
    /// Highest inUse() seen since start.
    std::size_t highWater() const;

private:
    const std::size_t _capacity;
    const std::size_t _reserve;
    mutable std::mutex _mutex;
    std::condition_variable _freed;
    std::size_t _inUse = 0;
    std::size_t _highWater = 0;
};

/// The part of the budget one request holds; returns it on destruction.
class BudgetLease
{
public:
    BudgetLease(MemoryBudget& budget, std::chrono::milliseconds wait) : _budget(budget), _wait(wait) {}
    ~BudgetLease() { releaseAll(); }
    BudgetLease(const BudgetLease&) = delete;
    BudgetLease& operator=(const BudgetLease&) = delete;

    /// Take `bytes` more; false (holding nothing more) when not available.
    bool take(std::size_t bytes);
    /// Give back `bytes` of what this lease holds.
    void give(std::size_t bytes);
    void releaseAll();
    std::size_t held() const { return _held; }

private:
    MemoryBudget& _budget;
    const std::chrono::milliseconds _wait;
    std::size_t _held = 0;
};

} // namespace polymur
