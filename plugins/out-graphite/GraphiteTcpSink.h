// GraphiteTcpSink.h - writes Graphite plaintext lines to carbon-relay,
// carbon-cache, carbon-c-relay or another polymur over TCP, many lines per
// system call (writev).
#pragma once

#include "polymur/OutputSink.h"

namespace polymur {

class GraphiteTcpSink : public OutputSink
{
public:
    void configure(const PluginConfig& config) override;
    std::unique_ptr<SinkConnection> connect(const Destination& destination) override;

private:
    long _connectTimeoutMs = 5000;
    long _writeTimeoutMs = 30000;
    int _sendBufferBytes = 0;
};

} // namespace polymur
