// RateLimitedLog.h - lets through at most N messages per window and then
// one summary of how many were suppressed, so one bad client cannot flood
// the log.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>

namespace polymur {

class RateLimitedLog
{
public:
    RateLimitedLog(std::size_t perWindow, std::chrono::seconds window) : _perWindow(perWindow), _window(window) {}

    /// True when this message may be logged. `suppressed` receives the count
    /// of messages dropped in the previous window (to report once).
    bool allow(std::size_t& suppressed)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto now = std::chrono::steady_clock::now();
        suppressed = 0;
        if (now - _windowStart >= _window)
        {
            suppressed = _suppressed;
            _suppressed = 0;
            _count = 0;
            _windowStart = now;
        }
        if (_count < _perWindow)
        {
            ++_count;
            return true;
        }
        ++_suppressed;
        return false;
    }

private:
    const std::size_t _perWindow;
    const std::chrono::seconds _window;
    std::mutex _mutex;
    std::chrono::steady_clock::time_point _windowStart{};
    std::size_t _count = 0;
    std::size_t _suppressed = 0;
};

} // namespace polymur
