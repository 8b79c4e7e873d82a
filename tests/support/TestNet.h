// TestNet.h - small loopback helpers for tests: free ports, gzip, waiting.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace polymur::test {

/// A TCP port on 127.0.0.1 that was free a moment ago.
int freePort();

/// One gzip member holding `text`.
std::string gzip(const std::string& text);

/// Poll `condition` every 20 ms until true or `timeout`; returns its last value.
bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

/// `count` Graphite lines "prefix.<i> <i> <ts>\n".
std::string makeLines(const std::string& prefix, int count, long timestamp = 1700000000);

/// Connect to 127.0.0.1:`port`, send `text`, and read until the server
/// closes (as `echo getdest | nc host port` does). Bounded by `timeout`.
std::string tcpExchange(int port, const std::string& text,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

struct PlainHttpResult
{
    int status = 0;
    std::string body;
    std::string contentType;
};

/// One plain-HTTP request to 127.0.0.1:`port` (admin API, runstats).
PlainHttpResult plainHttp(int port, const std::string& method, const std::string& path);

} // namespace polymur::test
