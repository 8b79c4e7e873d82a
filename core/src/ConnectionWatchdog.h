// ConnectionWatchdog.h - puts a deadline on every phase of an HTTPS
// connection (TLS handshake + request headers, request body, keep-alive idle)
// and shuts the socket down when a phase overruns, so a slowloris client or a
// half-open TLS handshake ties up a worker thread for a bounded time only.
// POCO's socket timeouts bound each read, not the whole phase: a client that
// sends one byte per second would otherwise hold a worker forever.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace polymur {

struct GatewayStats;

struct ConnectionTimeouts
{
    std::chrono::milliseconds header{10000}; ///< Accept -> request headers read (includes the TLS handshake).
    std::chrono::milliseconds body{60000};   ///< Headers read -> response sent (body upload + processing).
    std::chrono::milliseconds idle{30000};   ///< Keep-alive wait for the next request (+ header for its headers).
    /// A connection that waited for a worker longer than `header` still gets
    /// this long once a worker picks it up.
    std::chrono::milliseconds grace{1000};
};

class ConnectionWatchdog
{
public:
    enum class Phase
    {
        Header,
        Body,
        Idle
    };

    /// `queued` (may be empty) tells how many accepted connections wait for
    /// a worker; while it is non-zero, idle keep-alive connections are closed
    /// to make room for them.
    ConnectionWatchdog(ConnectionTimeouts timeouts, GatewayStats& stats, std::function<int()> queued = {});
    ~ConnectionWatchdog();
    ConnectionWatchdog(const ConnectionWatchdog&) = delete;
    ConnectionWatchdog& operator=(const ConnectionWatchdog&) = delete;

    void start();
    void stop();

    /// Note the time a connection was accepted (on the accepting thread):
    /// its header deadline counts from then, not from when a worker takes it.
    void accepted(const Poco::Net::StreamSocket& socket);
    /// Watch `socket` (phase Header); returns its id.
    std::uint64_t add(const Poco::Net::StreamSocket& socket);
    /// Enter a phase: its deadline starts now.
    void enter(std::uint64_t id, Phase phase);
    void remove(std::uint64_t id);

    const ConnectionTimeouts& timeouts() const { return _timeouts; }
    std::size_t watched() const;

    /// The connection served by the calling worker thread (0 = none).
    static std::uint64_t current();
    static void setCurrent(std::uint64_t id);

private:
    struct Entry
    {
        int fd = -1; ///< A dup() of the socket: stays valid until remove().
        Phase phase = Phase::Header;
        std::chrono::steady_clock::time_point since;
        bool fired = false;
    };

    void run();
    std::chrono::milliseconds limit(Phase phase) const;

    const ConnectionTimeouts _timeouts;
    GatewayStats& _stats;
    const std::function<int()> _queued;
    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::map<std::uint64_t, Entry> _entries;
    std::map<int, std::chrono::steady_clock::time_point> _acceptedAt; ///< By socket fd, until add().
    std::uint64_t _nextId = 1;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace polymur
