// SyncRules.cpp - index, backoff and log-once rules of the key sync loop.
#include "SyncRules.h"

#include <algorithm>

namespace polymur {
namespace consul {

std::uint64_t nextWaitIndex(std::uint64_t used, std::uint64_t returned)
{
    if (returned == 0 || returned < used)
        return 0;
    return returned;
}

Backoff::Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
    : _min(min)
    , _max(std::max(min, max))
    , _current(min)
{
}

std::chrono::milliseconds Backoff::next()
{
    const std::chrono::milliseconds delay = _current;
    _current = std::min(_current * 2, _max);
    return delay;
}

void Backoff::reset()
{
    _current = _min;
}

bool FailureTracker::failed(const std::string& state)
{
    const bool changed = _failures == 0 || state != _state;
    _state = state;
    ++_failures;
    return changed;
}

bool FailureTracker::succeeded(unsigned& failures)
{
    failures = _failures;
    _failures = 0;
    _state.clear();
    return failures > 0;
}

} // namespace consul
} // namespace polymur
