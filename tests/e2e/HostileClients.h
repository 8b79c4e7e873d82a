// HostileClients.h - what the hardening e2e tests throw at the gateway: a
// gzip bomb, clients that trickle a TLS handshake or request headers one byte
// at a time, raw HTTPS requests, and the gateway's memory figures from /proc.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace polymur::test {

/// A gzip stream that inflates to `inflatedBytes` of '\n' (built with zlib
/// directly, in a few MiB of memory).
std::string gzipBomb(std::size_t inflatedBytes);

/// A /proc/<pid>/status field in kB ("VmRSS", "VmHWM"); -1 when unreadable.
long procStatusKb(int pid, const std::string& field);

/// Opens a connection and sends `payload` one byte per `interval` on its own
/// thread until the payload ends, the server closes the connection, or
/// stop() is called. `tls`: complete a TLS handshake first (slowloris on the
/// request headers); otherwise the payload goes raw (a TLS handshake that
/// never completes when it starts like a ClientHello record).
class TrickleClient
{
public:
    TrickleClient(int port, std::string payload, bool tls, std::chrono::milliseconds interval);
    ~TrickleClient();

    /// Whether the server closed the connection, and when (since start).
    bool closedByServer() const { return _closed; }
    std::chrono::milliseconds closedAfter() const { return std::chrono::milliseconds(_closedAfterMs.load()); }
    std::size_t bytesSent() const { return _sent; }
    bool connected() const { return _connected; }
    void stop();

private:
    void run(int port, bool tls);

    std::string _payload;
    std::chrono::milliseconds _interval;
    std::atomic<bool> _stop{false};
    std::atomic<bool> _closed{false};
    std::atomic<bool> _connected{false};
    std::atomic<long> _closedAfterMs{-1};
    std::atomic<std::size_t> _sent{0};
    std::thread _thread;
};

/// The first bytes of a TLS ClientHello record announcing 16 KiB: a server
/// waits for the rest.
std::string clientHelloPrefix();

/// A number from the gateway's runstats JSON (GET /stats): stats[section][key].
long runstatsNumber(int statPort, const std::string& section, const std::string& key);

/// One raw request over a fresh TLS connection; returns the status code of
/// the answer (0 when the connection was closed without one).
int rawHttpsStatus(int port, const std::string& rawRequest, std::chrono::seconds timeout = std::chrono::seconds(10));

} // namespace polymur::test
