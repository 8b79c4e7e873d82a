// CommandLine.h - Go-style command-line parsing: "-flag=value", "-flag value",
// "--flag=value", bare "-boolflag". Gateway flags become config overrides;
// the daemon options are handed on to POCO's ServerApplication.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace polymur {

struct CommandLine
{
    std::map<std::string, std::string> overrides; ///< config key -> value
    std::vector<std::string> daemonArgs;          ///< "--daemon", "--pidfile=x", ...
    bool help = false;
    bool listPlugins = false;
    std::string error; ///< Non-empty when the line is unusable.
};

/// Parse argv[1..]. Never throws; errors land in CommandLine::error.
CommandLine parseCommandLine(const std::vector<std::string>& args);

} // namespace polymur
