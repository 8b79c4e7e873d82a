// TcpLineSink.h - a real Graphite-like TCP peer for tests: accepts
// connections on 127.0.0.1, collects every complete line received, and
// notes torn (partial) lines left when a connection closes.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Net {
class ServerSocket;
}

namespace polymur::test {

class TcpLineSink
{
public:
    /// Listen on 127.0.0.1:`port` (0 = any free port).
    explicit TcpLineSink(int port = 0);
    ~TcpLineSink();

    int port() const { return _port; }
    std::string address() const { return "127.0.0.1:" + std::to_string(_port); }

    /// Every complete line received so far, in arrival order.
    std::vector<std::string> lines() const;
    std::size_t lineCount() const;
    /// Count of each distinct line (to check "exactly once").
    std::map<std::string, int> lineCounts() const;
    /// Wait until at least `count` lines arrived.
    bool waitForLines(std::size_t count, std::chrono::milliseconds timeout) const;
    /// Partial lines left over when connections closed.
    std::size_t tornLines() const { return _torn; }
    std::size_t connections() const { return _connections; }

    /// Close the listener and all connections (the sink is "down").
    void stop();

    /// Make the sink slow: each read takes at most `bytes` and is followed
    /// by a pause of `delay` (0 = full speed).
    void setSlow(std::chrono::milliseconds delay, std::size_t bytes)
    {
        _readDelayMs = delay.count();
        _readBytes = bytes;
    }

private:
    void acceptLoop();
    void readLoop(int fd);

    int _port = 0;
    std::unique_ptr<Poco::Net::ServerSocket> _server;
    std::thread _acceptThread;
    std::vector<std::thread> _readers;
    std::vector<int> _fds;
    mutable std::mutex _mutex;
    std::vector<std::string> _lines;
    std::atomic<bool> _stopping{false};
    std::atomic<std::size_t> _torn{0};
    std::atomic<std::size_t> _connections{0};
    std::atomic<long> _readDelayMs{0};
    std::atomic<std::size_t> _readBytes{65536};
};

} // namespace polymur::test
