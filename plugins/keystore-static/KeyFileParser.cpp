// KeyFileParser.cpp - key file and inline key list parsing.
#include "KeyFileParser.h"

#include <Poco/String.h>

#include <sstream>

namespace polymur {

namespace {

std::string addKey(const std::string& name, const std::string& key, KeyMap& keys, const std::string& where)
{
    if (name.empty() || key.empty())
        return where + ": expected name and key";
    auto [it, inserted] = keys.emplace(key, name);
    if (!inserted && it->second != name)
        return where + ": the key of '" + name + "' is already used by '" + it->second + "'";
    return "";
}

} // namespace

std::string parseKeyFile(const std::string& text, KeyMap& keys)
{
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line))
    {
        ++number;
        line = Poco::trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            return "line " + std::to_string(number) + ": expected 'name = key'";
        std::string error = addKey(Poco::trim(line.substr(0, eq)), Poco::trim(line.substr(eq + 1)), keys,
                                   "line " + std::to_string(number));
        if (!error.empty())
            return error;
    }
    return "";
}

std::string parseInlineKeys(const std::string& text, KeyMap& keys)
{
    std::size_t start = 0;
    int item = 0;
    while (start < text.size())
    {
        auto comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        const std::string entry = Poco::trim(text.substr(start, comma - start));
        start = comma + 1;
        ++item;
        if (entry.empty())
            continue;
        const auto colon = entry.find(':');
        if (colon == std::string::npos)
            return "keys item " + std::to_string(item) + ": expected name:key";
        std::string error = addKey(Poco::trim(entry.substr(0, colon)), Poco::trim(entry.substr(colon + 1)), keys,
                                   "keys item " + std::to_string(item));
        if (!error.empty())
            return error;
    }
    return "";
}

} // namespace polymur
