// ConsoleSink.h - the built-in output behind -console-out: a destination
// named "console" whose lines are written to standard output.
#pragma once

#include "polymur/OutputSink.h"

namespace polymur {

class ConsoleSink : public OutputSink
{
public:
    void configure(const PluginConfig&) override {}
    std::unique_ptr<SinkConnection> connect(const Destination& destination) override;
};

} // namespace polymur
