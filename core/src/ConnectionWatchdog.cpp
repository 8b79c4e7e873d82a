// ConnectionWatchdog.cpp - one thread checking connection deadlines.
#include "ConnectionWatchdog.h"

#include "GatewayStats.h"
#include "RateLimitedLog.h"

#include <Poco/Logger.h>

#include <sys/socket.h>
#include <unistd.h>

namespace polymur {

namespace {

thread_local std::uint64_t tCurrent = 0;

const char* phaseName(ConnectionWatchdog::Phase phase)
{
    switch (phase)
    {
    case ConnectionWatchdog::Phase::Header: return "TLS handshake/request headers";
    case ConnectionWatchdog::Phase::Body: return "request body";
    case ConnectionWatchdog::Phase::Idle: return "keep-alive idle";
    }
    return "?";
}

} // namespace

ConnectionWatchdog::ConnectionWatchdog(ConnectionTimeouts timeouts, GatewayStats& stats, std::function<int()> queued)
    : _timeouts(timeouts), _stats(stats), _queued(std::move(queued))
{
}

ConnectionWatchdog::~ConnectionWatchdog()
{
    stop();
    for (auto& [id, entry] : _entries)
        ::close(entry.fd);
}

void ConnectionWatchdog::start()
{
    _thread = std::thread([this] { run(); });
}

void ConnectionWatchdog::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

std::uint64_t ConnectionWatchdog::current()
{
    return tCurrent;
}

void ConnectionWatchdog::setCurrent(std::uint64_t id)
{
    tCurrent = id;
}

void ConnectionWatchdog::accepted(const Poco::Net::StreamSocket& socket)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _acceptedAt[socket.impl()->sockfd()] = std::chrono::steady_clock::now();
}

std::uint64_t ConnectionWatchdog::add(const Poco::Net::StreamSocket& socket)
{
    const int original = socket.impl()->sockfd();
    const int fd = ::dup(original);
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(_mutex);
    auto since = now;
    if (auto it = _acceptedAt.find(original); it != _acceptedAt.end())
    {
        // Deadline: accept + header, but at least now + grace.
        since = std::max(it->second, now - _timeouts.header + _timeouts.grace);
        since = std::min(since, now);
        _acceptedAt.erase(it);
    }
    if (fd < 0)
        return 0;
    const std::uint64_t id = _nextId++;
    Entry& entry = _entries[id];
    entry.fd = fd;
    entry.since = since;
    return id;
}

void ConnectionWatchdog::enter(std::uint64_t id, Phase phase)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _entries.find(id);
    if (it == _entries.end())
        return;
    it->second.phase = phase;
    it->second.since = std::chrono::steady_clock::now();
}

void ConnectionWatchdog::remove(std::uint64_t id)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _entries.find(id);
    if (it == _entries.end())
        return;
    ::close(it->second.fd);
    _entries.erase(it);
}

std::size_t ConnectionWatchdog::watched() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _entries.size();
}

std::chrono::milliseconds ConnectionWatchdog::limit(Phase phase) const
{
    switch (phase)
    {
    case Phase::Header: return _timeouts.header;
    case Phase::Body: return _timeouts.body;
    case Phase::Idle: return _timeouts.idle + _timeouts.header;
    }
    return _timeouts.header;
}

void ConnectionWatchdog::run()
{
    RateLimitedLog log(5, std::chrono::seconds(10));
    Poco::Logger& logger = Poco::Logger::get("polymur");
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping)
    {
        _wake.wait_for(lock, std::chrono::milliseconds(100));
        if (_stopping)
            break;
        const auto now = std::chrono::steady_clock::now();
        lock.unlock();
        int waiting = _queued ? _queued() : 0;
        lock.lock();
        for (auto& [id, entry] : _entries)
        {
            if (entry.fired)
                continue;
            const bool expired = now - entry.since > limit(entry.phase);
            const bool makeRoom = !expired && waiting > 0 && entry.phase == Phase::Idle &&
                                  now - entry.since > std::chrono::milliseconds(200);
            if (!expired && !makeRoom)
                continue;
            // Wakes the worker blocked in poll/recv/SSL on this socket.
            ::shutdown(entry.fd, SHUT_RDWR);
            entry.fired = true;
            if (makeRoom)
            {
                --waiting;
                continue;
            }
            ++_stats.connectionsTimedOut;
            std::size_t suppressed = 0;
            if (log.allow(suppressed))
                logger.warning("Closed a connection stalled in %s for more than %z ms%s", std::string(phaseName(entry.phase)),
                               static_cast<std::size_t>(limit(entry.phase).count()),
                               suppressed ? " (" + std::to_string(suppressed) + " similar suppressed)" : std::string());
        }
    }
}

} // namespace polymur
