// RecordingPublisher.h - a KeyPublisher for key store tests: keeps every
// published set with the time it arrived, and lets a test wait for a
// condition on the current set.
#pragma once

#include "polymur/KeyStore.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace polymur {
namespace test {

class RecordingPublisher : public KeyPublisher
{
public:
    using Clock = std::chrono::steady_clock;

    struct Publication
    {
        KeyMap keys;
        Clock::time_point at;
    };

    void publish(const KeyMap& keys) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _history.push_back(Publication{keys, Clock::now()});
        _changed.notify_all();
    }

    /// The last published set (empty before the first).
    KeyMap current() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _history.empty() ? KeyMap() : _history.back().keys;
    }

    std::size_t publications() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _history.size();
    }

    std::vector<Publication> history() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _history;
    }

    /// Waits until `condition(current set)` holds; returns the time of the
    /// publication that made it hold, or nothing after `timeout`.
    bool waitFor(const std::function<bool(const KeyMap&)>& condition, std::chrono::milliseconds timeout,
                 Clock::time_point* at = nullptr) const
    {
        std::unique_lock<std::mutex> lock(_mutex);
        const bool ok = _changed.wait_for(lock, timeout, [&] {
            return !_history.empty() && condition(_history.back().keys);
        });
        if (ok && at)
            *at = _history.back().at;
        return ok;
    }

private:
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::vector<Publication> _history;
};

} // namespace test
} // namespace polymur
