// LineOrHttpServer.cpp - protocol detection and the command-line exchange.
#include "LineOrHttpServer.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>

#include <chrono>
#include <sys/socket.h>
#include <thread>

namespace polymur {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kSniffBytes = 8;
constexpr std::size_t kMaxLineBytes = 4096;
/// A line without '\n' is taken as complete after this much silence
/// (`printf stats | nc host port` keeps the connection open).
constexpr long kLineIdleMs = 300;

long elapsedMs(Clock::time_point since)
{
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

} // namespace

bool LineOrHttpServer::looksLikeHttp(const char* data, std::size_t size)
{
    std::size_t i = 0;
    while (i < size && data[i] >= 'A' && data[i] <= 'Z')
        ++i;
    return i > 0 && i < size && data[i] == ' ';
}

bool LineOrHttpServer::isDecided(const char* data, std::size_t size)
{
    if (size >= kSniffBytes)
        return true;
    for (std::size_t i = 0; i < size; ++i)
        if (data[i] == ' ' || data[i] == '\n' || data[i] < 'A' || data[i] > 'Z')
            return true;
    return false;
}

class LineOrHttpServer::Connection : public Poco::Net::TCPServerConnection
{
public:
    Connection(const Poco::Net::StreamSocket& socket, const LineHandler& lineHandler,
               Poco::Net::HTTPRequestHandlerFactory::Ptr httpFactory, Poco::Net::HTTPServerParams::Ptr httpParams)
        : TCPServerConnection(socket), _lineHandler(lineHandler), _httpFactory(httpFactory), _httpParams(httpParams)
    {
    }

    void run() override
    {
        try
        {
            char head[kSniffBytes];
            std::size_t n = 0;
            if (!sniff(head, n))
                return;
            if (looksLikeHttp(head, n))
            {
                Poco::Net::HTTPServerConnection http(socket(), _httpParams, _httpFactory);
                http.run();
                return;
            }
            std::string line;
            if (!readLine(line))
                return;
            const std::string reply = _lineHandler(line);
            socket().sendBytes(reply.data(), static_cast<int>(reply.size()));
            socket().shutdownSend();
        }
        catch (const Poco::Exception& e)
        {
            Poco::Logger::get("polymur").debug("[%s] connection from %s: %s", socket().address().toString(),
                                               peer(), e.displayText());
        }
    }

private:
    std::string peer()
    {
        try
        {
            return socket().peerAddress().toString();
        }
        catch (...)
        {
            return "?";
        }
    }

    /// Peek at the first bytes without consuming them. False on EOF/timeout.
    bool sniff(char* head, std::size_t& n)
    {
        const auto start = Clock::now();
        Clock::time_point firstData{};
        while (elapsedMs(start) < kRequestTimeoutMs)
        {
            if (!socket().poll(Poco::Timespan(0, 50 * 1000), Poco::Net::Socket::SELECT_READ))
            {
                if (n > 0 && elapsedMs(firstData) >= kLineIdleMs)
                    return true;
                continue;
            }
            const int got = socket().receiveBytes(head, static_cast<int>(kSniffBytes), MSG_PEEK);
            if (got <= 0)
                return false;
            if (n == 0)
                firstData = Clock::now();
            if (static_cast<std::size_t>(got) == n)
            {
                // Nothing new since the last peek: wait a little, no busy loop.
                if (elapsedMs(firstData) >= kLineIdleMs)
                    return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            n = static_cast<std::size_t>(got);
            if (isDecided(head, n))
                return true;
        }
        return false;
    }

    /// Read one command line: up to '\n', EOF, a pause after data, or the limit.
    bool readLine(std::string& line)
    {
        const auto start = Clock::now();
        auto lastData = start;
        char buffer[512];
        while (elapsedMs(start) < kRequestTimeoutMs && line.size() < kMaxLineBytes)
        {
            if (!socket().poll(Poco::Timespan(0, 50 * 1000), Poco::Net::Socket::SELECT_READ))
            {
                if (!line.empty() && elapsedMs(lastData) >= kLineIdleMs)
                    break;
                continue;
            }
            const int got = socket().receiveBytes(buffer, sizeof(buffer));
            if (got <= 0)
                break;
            lastData = Clock::now();
            line.append(buffer, static_cast<std::size_t>(got));
            if (line.find('\n') != std::string::npos)
                break;
        }
        if (const auto nl = line.find('\n'); nl != std::string::npos)
            line.resize(nl);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return true;
    }

    const LineHandler& _lineHandler;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _httpFactory;
    Poco::Net::HTTPServerParams::Ptr _httpParams;
};

class LineOrHttpServer::ConnectionFactory : public Poco::Net::TCPServerConnectionFactory
{
public:
    ConnectionFactory(LineHandler lineHandler, Poco::Net::HTTPRequestHandlerFactory::Ptr httpFactory)
        : _lineHandler(std::move(lineHandler)), _httpFactory(httpFactory), _httpParams(new Poco::Net::HTTPServerParams)
    {
        _httpParams->setKeepAlive(false);
        _httpParams->setTimeout(Poco::Timespan(0, kRequestTimeoutMs * 1000));
        _httpParams->setServerName("polymur-gateway");
    }

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
    {
        return new Connection(socket, _lineHandler, _httpFactory, _httpParams);
    }

private:
    const LineHandler _lineHandler;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _httpFactory;
    Poco::Net::HTTPServerParams::Ptr _httpParams;
};

LineOrHttpServer::LineOrHttpServer(const Poco::Net::SocketAddress& address, LineHandler lineHandler,
                                   Poco::Net::HTTPRequestHandlerFactory::Ptr httpFactory)
{
    Poco::Net::ServerSocket socket(address, 64);
    _address = socket.address();
    Poco::Net::TCPServerParams::Ptr params(new Poco::Net::TCPServerParams);
    params->setMaxThreads(4);
    params->setMaxQueued(32);
    _server = std::make_unique<Poco::Net::TCPServer>(
        new ConnectionFactory(std::move(lineHandler), httpFactory), socket, params);
}

LineOrHttpServer::~LineOrHttpServer()
{
    stop();
}

void LineOrHttpServer::start()
{
    _server->start();
    _started = true;
}

void LineOrHttpServer::stop()
{
    if (!_started)
        return;
    _started = false;
    _server->stop();
    const auto start = Clock::now();
    while (_server->currentConnections() > 0 && elapsedMs(start) < kRequestTimeoutMs + 1000)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

} // namespace polymur
