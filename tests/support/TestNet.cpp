// TestNet.cpp - loopback helpers for tests.
#include "TestNet.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <sstream>
#include <thread>

namespace polymur::test {

int freePort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

std::string gzip(const std::string& text)
{
    std::ostringstream out;
    Poco::DeflatingOutputStream deflater(out, Poco::DeflatingStreamBuf::STREAM_GZIP);
    deflater << text;
    deflater.close();
    return out.str();
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

std::string makeLines(const std::string& prefix, int count, long timestamp)
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out += prefix + "." + std::to_string(i) + " " + std::to_string(i) + " " + std::to_string(timestamp) + "\n";
    return out;
}

} // namespace polymur::test
