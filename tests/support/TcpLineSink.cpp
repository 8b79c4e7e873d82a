// TcpLineSink.cpp - accept loop and line collection.
#include "TcpLineSink.h"

#include "TestNet.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace polymur::test {

TcpLineSink::TcpLineSink(int port)
{
    _server = std::make_unique<Poco::Net::ServerSocket>();
    _server->bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true);
    _server->listen(64);
    _port = _server->address().port();
    _acceptThread = std::thread([this] { acceptLoop(); });
}

TcpLineSink::~TcpLineSink()
{
    stop();
}

void TcpLineSink::acceptLoop()
{
    const int listenFd = _server->impl()->sockfd();
    while (!_stopping)
    {
        pollfd p{listenFd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int fd = ::accept(listenFd, nullptr, nullptr);
        if (fd < 0)
            continue;
        ++_connections;
        std::lock_guard<std::mutex> lock(_mutex);
        _fds.push_back(fd);
        _readers.emplace_back([this, fd] { readLoop(fd); });
    }
}

void TcpLineSink::readLoop(int fd)
{
    std::string pending;
    char buffer[65536];
    while (!_stopping)
    {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const long delayMs = _readDelayMs;
        const std::size_t want = delayMs > 0 ? std::min(sizeof(buffer), std::max<std::size_t>(1, _readBytes)) : sizeof(buffer);
        const ssize_t n = ::read(fd, buffer, want);
        if (n <= 0)
            break;
        if (delayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        pending.append(buffer, static_cast<std::size_t>(n));
        std::size_t start = 0;
        std::vector<std::string> complete;
        for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
            complete.emplace_back(pending, start, nl - start);
        pending.erase(0, start);
        if (!complete.empty())
        {
            std::lock_guard<std::mutex> lock(_mutex);
            for (auto& line : complete)
                _lines.push_back(std::move(line));
        }
    }
    if (!pending.empty())
        ++_torn;
}

void TcpLineSink::stop()
{
    if (_stopping.exchange(true))
        return;
    if (_acceptThread.joinable())
        _acceptThread.join();
    std::vector<std::thread> readers;
    std::vector<int> fds;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        readers.swap(_readers);
        fds.swap(_fds);
    }
    for (auto& t : readers)
        t.join();
    for (int fd : fds)
        ::close(fd);
    _server->close();
}

std::vector<std::string> TcpLineSink::lines() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lines;
}

std::size_t TcpLineSink::lineCount() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lines.size();
}

std::map<std::string, int> TcpLineSink::lineCounts() const
{
    std::map<std::string, int> counts;
    std::lock_guard<std::mutex> lock(_mutex);
    for (const auto& line : _lines)
        ++counts[line];
    return counts;
}

bool TcpLineSink::waitForLines(std::size_t count, std::chrono::milliseconds timeout) const
{
    return waitFor([&] { return lineCount() >= count; }, timeout);
}

} // namespace polymur::test
