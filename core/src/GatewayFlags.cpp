// GatewayFlags.cpp - the flag table and its help text.
#include "GatewayFlags.h"

#include <cctype>
#include <sstream>

namespace polymur {

const std::vector<FlagSpec>& gatewayFlags()
{
    static const std::vector<FlagSpec> flags = {
        {"api-addr", "gateway.api-addr", "localhost:2030", false, "API listen address"},
        {"cert", "gateway.cert", "", false, "TLS Certificate"},
        {"config", "gateway.config", "", false, "INI configuration file (flags and POLYMUR_GW_* variables override it)"},
        {"console-out", "gateway.console-out", "false", true, "Dump output to console"},
        {"destinations", "gateway.destinations", "", false, "Comma-delimited list of ip:port destinations"},
        {"dev-mode", "gateway.dev-mode", "false", true, "Dev mode: disables Consul API key store; uses '123'"},
        {"distribution", "plugins.distribution", "broadcast", false,
         "Destination distribution methods: broadcast, hash-route"},
        {"key", "gateway.key", "", false, "TLS Key"},
        {"key-prefix", "gateway.key-prefix", "false", true, "Prefix every metric with the sender's key name"},
        {"listen-addr", "gateway.listen-addr", "0.0.0.0:443", false, "Polymur-gateway listen address"},
        {"metrics-flush", "gateway.metrics-flush", "0", false,
         "Graphite flush interval for runtime metrics (0 is disabled)"},
        {"queue-cap", "gateway.queue-cap", "262144", false, "In-flight message queue capacity per destination (points)"},
        {"stat-addr", "gateway.stat-addr", "localhost:2020", false, "runstats listen address"},
    };
    return flags;
}

const FlagSpec* findFlag(const std::string& name)
{
    for (const auto& spec : gatewayFlags())
        if (name == spec.flag)
            return &spec;
    return nullptr;
}

std::string flagEnvironmentName(const std::string& flag)
{
    std::string env = "POLYMUR_GW_";
    for (char c : flag)
        env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return env;
}

std::string flagUsage(const std::string& program)
{
    std::ostringstream out;
    out << "Usage of " << program << ":\n";
    for (const auto& spec : gatewayFlags())
    {
        out << "  -" << spec.flag << (spec.isBool ? "" : " string") << "\n        " << spec.help;
        if (!spec.isBool && *spec.defaultValue)
            out << " (default \"" << spec.defaultValue << "\")";
        out << "\n";
    }
    out << "Daemon options:\n"
           "  --daemon            Run in the background\n"
           "  --pidfile=FILE      Write the process id to FILE\n"
           "  --umask=MASK        Set the umask of the daemon\n"
           "  --list-plugins      List the plugins found and their config keys, then exit\n"
           "  --SECTION.KEY=VALUE Set any INI key, e.g. --gateway.self-signed=true\n"
           "Every flag can also be given as --flag=value, as the environment variable\n"
           "POLYMUR_GW_<FLAG> (e.g. POLYMUR_GW_LISTEN_ADDR) or in the INI file; a flag\n"
           "beats the environment, which beats the INI file, which beats the default.\n";
    return out.str();
}

} // namespace polymur
