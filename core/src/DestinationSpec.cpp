// DestinationSpec.cpp - destination address parsing.
#include "DestinationSpec.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace polymur {

bool parseDestination(const std::string& input, Destination& out, std::string& error)
{
    const std::string text = Poco::trim(input);
    out = Destination();
    out.name = text;
    std::string rest;
    if (text == "console")
    {
        out.host = "console";
        return true;
    }
    if (!text.empty() && text[0] == '[')
    {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
        {
            error = "bad destination '" + text + "': expected [ipv6]:port[:instance]";
            return false;
        }
        out.host = text.substr(1, close - 1);
        rest = text.substr(close + 2);
    }
    else
    {
        const auto colon = text.find(':');
        if (colon == std::string::npos || colon == 0)
        {
            error = "bad destination '" + text + "': expected host:port[:instance]";
            return false;
        }
        out.host = text.substr(0, colon);
        rest = text.substr(colon + 1);
    }
    std::string port = rest;
    if (const auto colon = rest.find(':'); colon != std::string::npos)
    {
        port = rest.substr(0, colon);
        out.instance = rest.substr(colon + 1);
        if (out.instance.empty() || out.instance.find(':') != std::string::npos)
        {
            error = "bad destination '" + text + "': bad instance name";
            return false;
        }
    }
    unsigned value = 0;
    if (!Poco::NumberParser::tryParseUnsigned(port, value) || value == 0 || value > 65535)
    {
        error = "bad destination '" + text + "': port must be 1-65535";
        return false;
    }
    out.port = static_cast<std::uint16_t>(value);
    if (out.host.empty())
    {
        error = "bad destination '" + text + "': empty host";
        return false;
    }
    return true;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::string::size_type start = 0;
    while (start <= text.size())
    {
        auto comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        std::string item = Poco::trim(text.substr(start, comma - start));
        if (!item.empty())
            items.push_back(item);
        start = comma + 1;
    }
    return items;
}

} // namespace polymur
