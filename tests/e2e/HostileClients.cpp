// HostileClients.cpp - gzip bomb, trickling clients, raw HTTPS, /proc figures.
#include "HostileClients.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <zlib.h>

namespace polymur::test {

namespace {

Poco::Net::Context::Ptr tlsContext()
{
    static Poco::Net::Context::Ptr context = [] {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        return Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
    }();
    return context;
}

Poco::Net::SocketAddress loopback(int port)
{
    return Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port));
}

} // namespace

std::string gzipBomb(std::size_t inflatedBytes)
{
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_RLE) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    const std::string block(1 << 20, '\n');
    std::string out;
    char buffer[1 << 16];
    std::size_t left = inflatedBytes;
    do
    {
        const std::size_t n = std::min(left, block.size());
        left -= n;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
        z.avail_in = static_cast<uInt>(n);
        const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do
        {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof(buffer);
            deflate(&z, flush);
            out.append(buffer, sizeof(buffer) - z.avail_out);
        } while (z.avail_out == 0);
    } while (left > 0);
    deflateEnd(&z);
    return out;
}

long procStatusKb(int pid, const std::string& field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
    {
        if (line.compare(0, field.size() + 1, field + ":") == 0)
        {
            std::istringstream value(line.substr(field.size() + 1));
            long kb = -1;
            value >> kb;
            return kb;
        }
    }
    return -1;
}

std::string clientHelloPrefix()
{
    // Handshake record, TLS 1.0 record version, length 0x4000, then a
    // ClientHello header; the rest never comes.
    return std::string("\x16\x03\x01\x40\x00\x01\x00\x3f\xfc\x03\x03", 11) + std::string(64, 'x');
}

TrickleClient::TrickleClient(int port, std::string payload, bool tls, std::chrono::milliseconds interval)
    : _payload(std::move(payload)), _interval(interval)
{
    _thread = std::thread([this, port, tls] { run(port, tls); });
}

TrickleClient::~TrickleClient()
{
    stop();
}

void TrickleClient::stop()
{
    _stop = true;
    if (_thread.joinable())
        _thread.join();
}

void TrickleClient::run(int port, bool tls)
{
    const auto start = std::chrono::steady_clock::now();
    auto markClosed = [&] {
        _closedAfterMs = static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
        _closed = true;
    };
    try
    {
        Poco::Net::StreamSocket socket;
        if (tls)
        {
            Poco::Net::SecureStreamSocket secure(loopback(port), tlsContext());
            secure.completeHandshake();
            socket = secure;
        }
        else
            socket.connect(loopback(port));
        _connected = true;
        socket.setReceiveTimeout(Poco::Timespan(0, 50000));
        for (std::size_t i = 0; i < _payload.size() && !_stop; ++i)
        {
            socket.sendBytes(&_payload[i], 1);
            ++_sent;
            // Wait one interval, watching for the server closing on us.
            const auto until = std::chrono::steady_clock::now() + _interval;
            while (!_stop && std::chrono::steady_clock::now() < until)
            {
                // A receive that times out: the connection is still open
                // (TLS may deliver session tickets, which are not data).
                try
                {
                    char c[256];
                    if (socket.receiveBytes(c, sizeof(c)) <= 0)
                    {
                        markClosed();
                        return;
                    }
                }
                catch (const Poco::TimeoutException&)
                {
                }
            }
        }
    }
    catch (const Poco::Exception&)
    {
        markClosed();
    }
}

long runstatsNumber(int statPort, const std::string& section, const std::string& key)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(statPort));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/stats", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string json;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), json);
    auto root = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    return root->getObject(section)->getValue<long>(key);
}

int rawHttpsStatus(int port, const std::string& rawRequest, std::chrono::seconds timeout)
{
    Poco::Net::SecureStreamSocket socket(loopback(port), tlsContext());
    socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
    std::string received;
    try
    {
        socket.sendBytes(rawRequest.data(), static_cast<int>(rawRequest.size()));
        char buffer[4096];
        while (received.find("\r\n") == std::string::npos)
        {
            const int n = socket.receiveBytes(buffer, sizeof(buffer));
            if (n <= 0)
                break;
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    catch (const Poco::Exception&)
    {
    }
    if (received.size() < 12 || received.compare(0, 5, "HTTP/") != 0)
        return 0;
    return std::atoi(received.substr(9, 3).c_str());
}

} // namespace polymur::test
