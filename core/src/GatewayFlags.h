// GatewayFlags.h - the table of the original polymur-gateway's flags: name,
// config key, default and help text. One table drives Go-style flag parsing,
// POLYMUR_GW_* environment variables, built-in defaults and --help.
#pragma once

#include <string>
#include <vector>

namespace polymur {

struct FlagSpec
{
    const char* flag;         ///< As typed after the dash: "listen-addr".
    const char* key;          ///< Config key it sets: "gateway.listen-addr".
    const char* defaultValue; ///< Built-in default, as text.
    bool isBool;              ///< Go bool flag: "-x" alone means true.
    const char* help;
};

/// Every flag the gateway accepts, in --help order.
const std::vector<FlagSpec>& gatewayFlags();

/// The flag with this name, or nullptr.
const FlagSpec* findFlag(const std::string& name);

/// "listen-addr" -> "POLYMUR_GW_LISTEN_ADDR".
std::string flagEnvironmentName(const std::string& flag);

/// Usage text in the style of Go's flag package.
std::string flagUsage(const std::string& program);

} // namespace polymur
