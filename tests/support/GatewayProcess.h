// GatewayProcess.h - runs the real polymur-gateway binary for end-to-end
// tests: a self-signed certificate in a temporary directory, a free HTTPS
// port on 127.0.0.1, static keys, output captured for assertions.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace polymur::test {

struct GatewayOptions
{
    /// Static keys "name:key, ..." (keystore-static.keys). Empty = no static keys.
    std::string keys = "test-user:test-key";
    std::string destinations;          ///< -destinations value.
    std::string distribution = "broadcast";
    std::vector<std::string> extraArgs; ///< Appended verbatim (e.g. "--gateway.queue-cap=100").
    std::string iniText;               ///< When set, written to a file passed as -config.
    std::map<std::string, std::string> env;
    bool useStaticKeyStore = true;     ///< Adds --plugins.keystore=static.
};

class GatewayProcess
{
public:
    explicit GatewayProcess(GatewayOptions options = {});
    /// Sends SIGKILL if still running.
    ~GatewayProcess();

    /// Start and wait until the HTTPS listener is up (or the process exited).
    /// Returns false on timeout or early exit (see output()).
    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(15));

    int httpsPort() const { return _httpsPort; }
    int apiPort() const { return _apiPort; }
    int statPort() const { return _statPort; }
    int pid() const;
    bool running() const;
    /// Directory for this gateway's files (certificate, ini, key files).
    const std::string& dir() const { return _dir; }
    std::string certFile() const { return _dir + "/cert.pem"; }

    /// Send a signal (SIGTERM, SIGHUP, ...).
    void signal(int sig);
    /// Wait for exit; returns the exit code, or -1 on timeout.
    int waitExit(std::chrono::milliseconds timeout);

    /// Everything the process wrote to stdout and stderr so far.
    std::string output() const;
    /// Wait until output() contains `text`.
    bool waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const;

    /// The full argument list used (for messages).
    const std::vector<std::string>& args() const { return _args; }

private:
    void readLoop(Poco::Pipe pipe);

    GatewayOptions _options;
    std::string _dir;
    int _httpsPort = 0;
    int _apiPort = 0;
    int _statPort = 0;
    std::vector<std::string> _args;
    std::unique_ptr<Poco::ProcessHandle> _handle;
    std::thread _reader;
    mutable std::mutex _mutex;
    std::string _output;
    int _exitCode = -1;
    bool _exited = false;
};

/// Path of the built gateway binary.
std::string gatewayBinary();

} // namespace polymur::test
