// AdminLineProtocol.cpp - getdest / putdest / deldest.
#include "AdminLineProtocol.h"

#include "DestinationSpec.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Timestamp.h>

#include <sstream>

namespace polymur {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<std::string> fields(std::string_view line)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size())
    {
        while (i < line.size() && isBlank(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        if (i > start)
            out.emplace_back(line.substr(start, i - start));
    }
    return out;
}

/// Printable, bounded echo of client input for error replies.
std::string sanitize(const std::string& text, std::size_t limit = 64)
{
    std::string out;
    for (char c : text.substr(0, limit))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (text.size() > limit)
        out += "...";
    return out;
}

/// Error messages are ours but may quote client input: longer bound.
std::string sanitizeError(const std::string& text)
{
    return sanitize(text, 400);
}

} // namespace

AdminRequest AdminLineProtocol::parse(std::string_view line)
{
    AdminRequest request;
    const auto parts = fields(line);
    if (parts.empty())
        return request;
    request.command = parts[0];
    if (parts.size() > 1)
        request.argument = parts[1];
    request.extraFields = parts.size() > 2;
    if (request.command == "getdest")
        request.verb = AdminRequest::Verb::GetDest;
    else if (request.command == "putdest")
        request.verb = AdminRequest::Verb::PutDest;
    else if (request.command == "deldest")
        request.verb = AdminRequest::Verb::DelDest;
    else
        request.verb = AdminRequest::Verb::Unknown;
    return request;
}

std::string AdminLineProtocol::answer(std::string_view line, DestinationAdmin& admin)
{
    const AdminRequest request = parse(line);
    std::string error;
    switch (request.verb)
    {
    case AdminRequest::Verb::Empty:
        return "Not a command: \n";
    case AdminRequest::Verb::Unknown:
        return "Not a command: " + sanitize(request.command) + "\n";
    case AdminRequest::Verb::GetDest:
        return destinationsJson(admin.status()) + "\n";
    case AdminRequest::Verb::PutDest:
    case AdminRequest::Verb::DelDest:
        break;
    }
    if (request.argument.empty())
        return "Must provide destination\n";
    if (request.extraFields)
        return "Error: expected one destination (host:port[:instance]), got several fields\n";
    Destination parsed;
    if (!parseDestination(request.argument, parsed, error))
        return "Error: " + sanitizeError(error) + "\n";
    if (request.verb == AdminRequest::Verb::PutDest)
    {
        if (!admin.addDestination(request.argument, error))
            return "Error: " + sanitizeError(error) + "\n";
        return "Registered destination: " + request.argument + "\n";
    }
    if (!admin.removeDestination(parsed.name, error))
        return "Error: " + sanitizeError(error) + "\n";
    return "Unregistered destination: " + request.argument + "\n";
}

std::string AdminLineProtocol::destinationsJson(const std::vector<DestinationStatus>& destinations)
{
    Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr active(new Poco::JSON::Array);
    Poco::JSON::Object::Ptr registered(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER));
    for (const auto& destination : destinations)
    {
        if (destination.connected)
            active->add(destination.name);
        registered->set(destination.name, rfc3339(destination.registered));
    }
    document.set("active", active);
    document.set("registered", registered);
    std::ostringstream out;
    document.stringify(out, 1);
    return out.str();
}

std::string AdminLineProtocol::rfc3339(std::chrono::system_clock::time_point time)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(micros)),
                                           "%Y-%m-%dT%H:%M:%SZ");
}

} // namespace polymur
