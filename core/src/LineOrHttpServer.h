// LineOrHttpServer.h - a small TCP server that speaks two protocols on one
// port: the original polymur one-line commands ("getdest\n", "stats\n":
// one request line, one reply, close) and HTTP/1.1 for tooling. The first
// bytes of each connection decide: an upper-case method token followed by
// a space ("GET ", "PUT ", "DELETE ", ...) means HTTP; anything else is a
// command line (the original commands are lower case).
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>

#include <functional>
#include <memory>
#include <string>

namespace polymur {

class LineOrHttpServer
{
public:
    /// Answers one command line (without its line ending); the result is
    /// sent as is, then the connection is closed.
    using LineHandler = std::function<std::string(const std::string& line)>;

    /// Binds now (throws when the address is unusable or taken).
    LineOrHttpServer(const Poco::Net::SocketAddress& address, LineHandler lineHandler,
                     Poco::Net::HTTPRequestHandlerFactory::Ptr httpFactory);
    ~LineOrHttpServer();

    void start();
    /// Stop accepting and wait (bounded) for open connections to finish.
    void stop();

    /// The bound address (the real port when 0 was asked for).
    Poco::Net::SocketAddress address() const { return _address; }

    /// How long a client may take to send its request or line.
    static constexpr long kRequestTimeoutMs = 5000;

    /// Whether the first bytes of a connection look like an HTTP request
    /// line: an upper-case token followed by a space. Needs at least one
    /// space, or 8 bytes, to be sure; see isDecided().
    static bool looksLikeHttp(const char* data, std::size_t size);
    /// Whether `data` is enough to choose the protocol.
    static bool isDecided(const char* data, std::size_t size);

private:
    class Connection;
    class ConnectionFactory;

    Poco::Net::SocketAddress _address;
    std::unique_ptr<Poco::Net::TCPServer> _server;
    bool _started = false;
};

} // namespace polymur
