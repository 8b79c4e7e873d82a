// ConsulAgent.h - a real Consul dev agent for tests: started and stopped
// through tests/tools/consul-dev.sh on loopback ports chosen once (so a
// restart comes back on the same address), plus plain-HTTP KV helpers that
// do not use the code under test. Errors are std::runtime_error with the
// whole story in what() (CppUnit prints only what()).
#pragma once

#include <Poco/Path.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polymur {
namespace test {

class ConsulAgent
{
public:
    struct Options
    {
        std::string aclToken; ///< Non-empty: ACLs on, default policy deny, this management token.
        bool tls = false;     ///< Add an HTTPS listener (CA in caFile()).
    };

    ConsulAgent();
    explicit ConsulAgent(const Options& options);
    ~ConsulAgent(); ///< Stops the agent and removes its state folder.

    ConsulAgent(const ConsulAgent&) = delete;
    ConsulAgent& operator=(const ConsulAgent&) = delete;

    /// Starts the agent and waits until it answers KV reads. Throws with a
    /// clear message when the consul binary is missing or the agent fails.
    void start();

    /// Stops the agent by PID (SIGTERM, or SIGKILL when `kill`); its
    /// in-memory data is lost. A later start() uses the same ports.
    void stop(bool kill = false);

    bool running() const { return _running; }

    std::uint16_t httpPort() const { return _httpPort; }
    std::uint16_t httpsPort() const { return _httpsPort; }
    std::string address() const;    ///< "127.0.0.1:<http port>"
    std::string httpsUrl() const;   ///< "https://127.0.0.1:<https port>"
    std::string caFile() const;     ///< CA of the HTTPS listener (tls only).
    std::string logFile() const;

    /// KV writes with the management token (if any). Throw on failure.
    void putKv(const std::string& path, const std::string& value) const;
    void deleteKv(const std::string& path) const;
    /// The value at `path` (GET ?raw), nothing when absent.
    std::optional<std::string> getKv(const std::string& path) const;
    /// Raw HTTP status of a KV GET, with an optional token.
    int getKvStatus(const std::string& path, const std::string& token) const;

    /// The consul binary: $CONSUL_BIN, else POLYMUR_CONSUL_BIN (set by CMake).
    static std::string binary();
    /// `count` distinct TCP ports on 127.0.0.1 that were free a moment ago.
    static std::vector<std::uint16_t> freePorts(std::size_t count);

private:
    int request(const std::string& method, const std::string& path, const std::string& body,
                const std::string& token, std::string* answer = nullptr) const;
    void runScript(const std::string& command, std::string& output) const;
    void choosePorts();

    Options _options;
    Poco::Path _dir;
    std::uint16_t _httpPort = 0;
    std::uint16_t _httpsPort = 0;
    std::uint16_t _serfPort = 0;
    std::uint16_t _serverPort = 0;
    bool _running = false;
    bool _started = false; ///< Started once: the ports are fixed from then on.
};

} // namespace test
} // namespace polymur
