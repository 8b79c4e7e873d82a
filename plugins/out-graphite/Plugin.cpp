// Plugin.cpp - exports the Graphite TCP output to the gateway.
#include "GraphiteTcpSink.h"

#include "polymur/Plugin.h"

namespace {
const polymur::ConfigKeySpec kKeys[] = {
    {"connect-timeout", "5", "Seconds to wait for a TCP connect"},
    {"write-timeout", "30", "Seconds a blocked write may take before the connection is dropped and retried"},
    {"send-buffer", "0", "SO_SNDBUF in bytes (0 = system default)"},
};
}

POLYMUR_PLUGIN(OutputSink, polymur::GraphiteTcpSink, polymur::PluginKind::Output, "graphite", "1.0.0",
               "Graphite plaintext protocol over TCP (carbon-relay, carbon-cache, carbon-c-relay, polymur)", kKeys)
