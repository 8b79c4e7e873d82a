// KeysCommands.h - what polymur-keys does once its command line is parsed:
// list, create, regen and delete keys in Consul, with messages for people
// and exit codes for scripts.
#pragma once

#include "KeysCommandLine.h"

#include <iosfwd>

namespace polymur {
namespace keys {

/// Exit codes of polymur-keys.
enum ExitCode
{
    kExitOk = 0,
    kExitRefused = 1,  ///< Name exists (create), unknown name (regen, delete), concurrent change.
    kExitUsage = 2,    ///< Bad command line or settings.
    kExitConsul = 3    ///< Consul unreachable, permission denied, bad answer.
};

/// Runs `line` against Consul (settings from the flags, then the CONSUL_*
/// environment). Results go to `out`, errors to `err`; returns the exit code.
int runKeysCommand(const KeysCommandLine& line, std::ostream& out, std::ostream& err);

} // namespace keys
} // namespace polymur
