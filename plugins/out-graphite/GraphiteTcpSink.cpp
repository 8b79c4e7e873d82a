// GraphiteTcpSink.cpp - TCP connection and batched writes.
#include "GraphiteTcpSink.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <vector>

namespace polymur {

namespace {

class GraphiteTcpConnection : public SinkConnection
{
public:
    explicit GraphiteTcpConnection(Poco::Net::StreamSocket socket) : _socket(std::move(socket)) {}

    void write(const ConstBuffer* buffers, std::size_t count) override
    {
        throwIfPeerClosed();
        constexpr std::size_t kMaxIov = 64;
        std::vector<iovec> iov;
        std::size_t index = 0;
        std::size_t offset = 0; // into buffers[index]
        while (index < count)
        {
            iov.clear();
            for (std::size_t i = index; i < count && iov.size() < kMaxIov; ++i)
            {
                const std::size_t skip = i == index ? offset : 0;
                if (buffers[i].size > skip)
                    iov.push_back({const_cast<char*>(buffers[i].data + skip), buffers[i].size - skip});
            }
            if (iov.empty())
                return;
            const ssize_t n = ::writev(_socket.impl()->sockfd(), iov.data(), static_cast<int>(iov.size()));
            if (n < 0)
            {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    throw Poco::TimeoutException("write timed out");
                throw Poco::IOException(std::string("write failed: ") + std::strerror(errno));
            }
            // Advance past what was written.
            std::size_t written = static_cast<std::size_t>(n);
            while (written > 0 && index < count)
            {
                const std::size_t left = buffers[index].size - offset;
                if (written >= left)
                {
                    written -= left;
                    ++index;
                    offset = 0;
                }
                else
                {
                    offset += written;
                    written = 0;
                }
            }
            while (index < count && buffers[index].size == offset)
            {
                ++index;
                offset = 0;
            }
        }
    }

private:
    /// A Graphite daemon never sends data back, so a readable socket means
    /// the peer closed (or reset) it. Writing anyway would succeed into the
    /// dead socket and lose that write without an error; fail first so the
    /// core reconnects and writes the same buffers again.
    void throwIfPeerClosed()
    {
        pollfd p{_socket.impl()->sockfd(), POLLIN | POLLRDHUP, 0};
        if (::poll(&p, 1, 0) <= 0)
            return;
        if (p.revents & (POLLRDHUP | POLLHUP | POLLERR))
            throw Poco::IOException("connection closed by the peer");
        char byte;
        const ssize_t n = ::recv(p.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            throw Poco::IOException("connection closed by the peer");
    }

    Poco::Net::StreamSocket _socket;
};

} // namespace

void GraphiteTcpSink::configure(const PluginConfig& config)
{
    _connectTimeoutMs = static_cast<long>(config.getDouble("connect-timeout") * 1000);
    _writeTimeoutMs = static_cast<long>(config.getDouble("write-timeout") * 1000);
    _sendBufferBytes = static_cast<int>(config.getInt("send-buffer"));
    if (_connectTimeoutMs <= 0 || _writeTimeoutMs <= 0)
        throw Poco::InvalidArgumentException("[out-graphite] timeouts must be positive");
}

std::unique_ptr<SinkConnection> GraphiteTcpSink::connect(const Destination& destination)
{
    Poco::Net::SocketAddress address(destination.host, destination.port);
    Poco::Net::StreamSocket socket;
    socket.connect(address, Poco::Timespan(_connectTimeoutMs * 1000));
    // On loopback, connecting to a free ephemeral port can connect the
    // socket to itself (TCP simultaneous open); what we then write would be
    // read back by nobody. Treat it as a refused connection.
    if (socket.address() == socket.peerAddress())
    {
        socket.close();
        throw Poco::Net::ConnectionRefusedException(destination.name + " (connected to itself)");
    }
    socket.setBlocking(true);
    socket.setSendTimeout(Poco::Timespan(_writeTimeoutMs * 1000));
    socket.setKeepAlive(true);
    if (_sendBufferBytes > 0)
        socket.setSendBufferSize(_sendBufferBytes);
    return std::make_unique<GraphiteTcpConnection>(std::move(socket));
}

} // namespace polymur
