// FaultProxy.h - a loopback TCP proxy in front of a real Consul agent that
// can be switched, per new connection, to answer garbage or to hang, so key
// store tests can see how a client copes with a broken Consul.
#pragma once

#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace polymur {
namespace test {

class FaultProxy
{
public:
    enum class Mode
    {
        Forward, ///< Relay bytes both ways to the target.
        Garbage, ///< Answer "200 OK" with a body that is not JSON, then close.
        Hang     ///< Accept and read, never answer (until stop()).
    };

    FaultProxy(const std::string& targetHost, std::uint16_t targetPort);
    ~FaultProxy();

    std::uint16_t port() const { return _port; }
    std::string address() const { return "127.0.0.1:" + std::to_string(_port); }

    /// Applies to connections accepted from now on.
    void setMode(Mode mode) { _mode = mode; }

    void stop();

private:
    void acceptLoop();
    void serve(Poco::Net::StreamSocket client, Mode mode);

    std::string _targetHost;
    std::uint16_t _targetPort;
    Poco::Net::ServerSocket _server;
    std::uint16_t _port;
    std::atomic<Mode> _mode{Mode::Forward};
    std::atomic<bool> _stopping{false};
    std::thread _acceptThread;
    std::mutex _mutex;
    std::vector<std::thread> _workers;
};

} // namespace test
} // namespace polymur
