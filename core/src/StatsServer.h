// StatsServer.h - runstats on -stat-addr: the original's `stats` line
// command (indented JSON), and over HTTP on the same port GET /stats (the
// same JSON) and GET /metrics (Prometheus text format).
#pragma once

#include "LineOrHttpServer.h"
#include "StatsCollector.h"

#include <memory>
#include <string>

namespace polymur {

class StatsServer
{
public:
    /// Binds now; throws when the address is unusable or taken.
    StatsServer(const std::string& address, const StatsCollector& collector);

    void start();
    void stop();

    /// The reply to one command line ("stats" or "Not a command: ...").
    static std::string answerLine(const std::string& line, const StatsCollector& collector);

private:
    std::unique_ptr<LineOrHttpServer> _server;
    std::string _configured;
};

} // namespace polymur
