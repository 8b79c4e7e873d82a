// Destination.h - one downstream Graphite daemon as the distribution policy
// and the output sink see it.
#pragma once

#include <cstdint>
#include <string>

namespace polymur {

/// Parsed from "host:port" or "host:port:instance" (IPv6 as "[::1]:2003").
struct Destination
{
    std::uint32_t id = 0;  ///< Stable for the life of the process; never reused.
    std::string name;      ///< As configured, e.g. "127.0.0.1:2003:a".
    std::string host;      ///< "127.0.0.1" or "::1" (no brackets).
    std::uint16_t port = 0;
    std::string instance;  ///< Empty when none was given.
};

} // namespace polymur
