// SyncRules.h - the rules of the Consul key sync loop, apart from sockets
// and threads: blocking-query index handling, retry backoff, and when a
// failure or a recovery deserves a log line. Pure; not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace polymur {
namespace consul {

/// The index for the next blocking query, from the one used and the
/// X-Consul-Index just returned (Consul's documented rules): an index that
/// went backwards (e.g. a restarted dev agent) or is missing means 0, a
/// fresh non-blocking read.
std::uint64_t nextWaitIndex(std::uint64_t used, std::uint64_t returned);

/// Exponential retry delay: min, 2*min, 4*min, ... capped at max.
class Backoff
{
public:
    Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max);

    /// The delay before the next retry; doubles the following one.
    std::chrono::milliseconds next();

    /// After a success: start again from min.
    void reset();

private:
    std::chrono::milliseconds _min;
    std::chrono::milliseconds _max;
    std::chrono::milliseconds _current;
};

/// Tracks success/failure so a failure is logged once per change of state
/// (not once per retry), and the recovery once.
class FailureTracker
{
public:
    /// A failed attempt; `state` identifies the kind of failure (e.g.
    /// "unreachable", "http 403"). True when it should be logged: the first
    /// failure after a success, or a different kind than the previous one.
    bool failed(const std::string& state);

    /// A successful attempt. True when it ends a run of failures (log the
    /// recovery); `failures` receives how many attempts failed in that run.
    bool succeeded(unsigned& failures);

    bool failing() const { return _failures > 0; }

private:
    std::string _state;
    unsigned _failures = 0;
};

} // namespace consul
} // namespace polymur
