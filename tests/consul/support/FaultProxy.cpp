// FaultProxy.cpp - loopback TCP proxy with fault modes.
#include "FaultProxy.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

namespace polymur {
namespace test {

namespace {

const Poco::Timespan kSlice(0, 100000); // 100 ms: how often loops look at _stopping

} // namespace

FaultProxy::FaultProxy(const std::string& targetHost, std::uint16_t targetPort)
    : _targetHost(targetHost)
    , _targetPort(targetPort)
    , _server(Poco::Net::SocketAddress("127.0.0.1", 0))
    , _port(_server.address().port())
{
    _acceptThread = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy()
{
    stop();
}

void FaultProxy::stop()
{
    if (_stopping.exchange(true))
        return;
    _acceptThread.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        workers.swap(_workers);
    }
    for (std::thread& worker : workers)
        worker.join();
    _server.close();
}

void FaultProxy::acceptLoop()
{
    while (!_stopping)
    {
        if (!_server.poll(kSlice, Poco::Net::Socket::SELECT_READ))
            continue;
        try
        {
            Poco::Net::StreamSocket client = _server.acceptConnection();
            const Mode mode = _mode;
            std::lock_guard<std::mutex> lock(_mutex);
            _workers.emplace_back([this, client, mode] { serve(client, mode); });
        }
        catch (const Poco::Exception&)
        {
        }
    }
}

void FaultProxy::serve(Poco::Net::StreamSocket client, Mode mode)
{
    char buffer[16384];
    try
    {
        if (mode == Mode::Garbage)
        {
            // Read the request head, answer something that is not Consul's JSON.
            std::string head;
            for (int i = 0; i < 50 && head.find("\r\n\r\n") == std::string::npos && !_stopping; ++i)
            {
                if (!client.poll(kSlice, Poco::Net::Socket::SELECT_READ))
                    continue;
                const int n = client.receiveBytes(buffer, sizeof(buffer));
                if (n <= 0)
                    break;
                head.append(buffer, static_cast<std::size_t>(n));
            }
            const std::string body = "<html><body>502 upstream hiccup</body></html>";
            const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Consul-Index: 7\r\n"
                                       "Content-Length: "
                + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            client.sendBytes(answer.data(), static_cast<int>(answer.size()));
            client.shutdownSend();
            return;
        }
        if (mode == Mode::Hang)
        {
            while (!_stopping)
            {
                if (client.poll(kSlice, Poco::Net::Socket::SELECT_READ)
                    && client.receiveBytes(buffer, sizeof(buffer)) <= 0)
                    return;
            }
            return;
        }
        Poco::Net::StreamSocket upstream;
        upstream.connect(Poco::Net::SocketAddress(_targetHost, _targetPort), Poco::Timespan(2, 0));
        while (!_stopping)
        {
            Poco::Net::Socket::SocketList readable{client, upstream};
            Poco::Net::Socket::SocketList writable;
            Poco::Net::Socket::SocketList failed;
            if (Poco::Net::Socket::select(readable, writable, failed, kSlice) == 0)
                continue;
            for (Poco::Net::Socket& socket : readable)
            {
                Poco::Net::StreamSocket from(socket);
                Poco::Net::StreamSocket to = from == client ? upstream : client;
                const int n = from.receiveBytes(buffer, sizeof(buffer));
                if (n <= 0)
                {
                    to.shutdownSend();
                    return;
                }
                to.sendBytes(buffer, n);
            }
        }
    }
    catch (const Poco::Exception&)
    {
        // A test proxy: a broken connection just ends.
    }
}

} // namespace test
} // namespace polymur
