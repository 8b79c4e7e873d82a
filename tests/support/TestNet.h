// TestNet.h - small loopback helpers for tests: free ports, gzip, waiting.
#pragma once

#include <chrono>
#include <functional>
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

} // namespace polymur::test
