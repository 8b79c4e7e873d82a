// AdminLineProtocol.h - the original polymur admin API, one command line per
// TCP connection (`echo getdest | nc localhost 2030`): parsing a line and
// producing the reply text. No sockets here; the HTTP API reuses the pieces.
#pragma once

#include "DestinationAdmin.h"

#include <string>
#include <string_view>
#include <vector>

namespace polymur {

struct AdminRequest
{
    enum class Verb
    {
        GetDest,
        PutDest,
        DelDest,
        Empty,  ///< Blank line.
        Unknown ///< Anything else ("Not a command: <cmd>").
    };
    Verb verb = Verb::Empty;
    std::string command;  ///< First field as typed.
    std::string argument; ///< Second field ("" when none).
    bool extraFields = false; ///< More than two fields were given.
};

class AdminLineProtocol
{
public:
    /// Split a request line ("putdest 10.0.0.1:2003\r\n") into its fields.
    static AdminRequest parse(std::string_view line);

    /// Execute one request line against `admin`; the reply ends in '\n'.
    static std::string answer(std::string_view line, DestinationAdmin& admin);

    /// The getdest document: {"active": [connected names], "registered":
    /// {name: RFC 3339 registration time}}, indented as the original does.
    static std::string destinationsJson(const std::vector<DestinationStatus>& destinations);

    /// RFC 3339 in UTC with seconds ("2026-11-27T21:10:00Z").
    static std::string rfc3339(std::chrono::system_clock::time_point time);
};

} // namespace polymur
