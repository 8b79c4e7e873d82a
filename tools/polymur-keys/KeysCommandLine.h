// KeysCommandLine.h - parsing polymur-keys' command line: the command
// ("list names", "create NAME", ...) and the Consul flags. Pure.
#pragma once

#include "ConsulSettings.h"

#include <Poco/Exception.h>

#include <string>
#include <vector>

namespace polymur {
namespace keys {

/// A command line polymur-keys cannot run; the message says why.
POCO_DECLARE_EXCEPTION(, UsageException, Poco::InvalidArgumentException)

enum class Action
{
    Help,
    ListNames,
    ListAll,
    Create,
    Regen,
    Delete
};

struct KeysCommandLine
{
    Action action = Action::Help;
    std::string name;               ///< Create, Regen, Delete.
    consul::ConsulOptions consul;   ///< Empty fields fall back to CONSUL_* env vars.
    std::string prefix;             ///< Empty: the default prefix.
    double timeoutSeconds = 10;
};

/// Parses argv[1..]. Flags (before or after the command), each as
/// "--flag=value" or "--flag value": --address, --token, --token-file,
/// --datacenter, --ca-file, --cert-file, --key-file, --ssl[=bool],
/// --ssl-verify=bool, --prefix, --timeout; -h/--help. Throws
/// UsageException on an unknown command or flag, a missing or extra
/// argument, or an invalid key name.
KeysCommandLine parseCommandLine(const std::vector<std::string>& args);

/// The --help text.
std::string usageText();

} // namespace keys
} // namespace polymur
