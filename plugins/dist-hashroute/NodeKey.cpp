// NodeKey.cpp - Python str()/repr() formatting of ring node keys.
#include "NodeKey.h"

#include <stdexcept>

namespace polymur {
namespace hashroute {

std::string pythonRepr(std::string_view text)
{
    // Python picks double quotes only when the text holds a ' and no ".
    const bool hasSingle = text.find('\'') != std::string_view::npos;
    const bool hasDouble = text.find('"') != std::string_view::npos;
    const char quote = (hasSingle && !hasDouble) ? '"' : '\'';

    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    out += quote;
    for (const char ch : text)
    {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 0x80)
            throw std::invalid_argument("non-ASCII text cannot be given a Python repr() here: "
                                        "use ASCII host names and instances");
        if (c == '\\' || c == static_cast<unsigned char>(quote))
        {
            out += '\\';
            out += ch;
        }
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7f)
        {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
        else
            out += ch;
    }
    out += quote;
    return out;
}

std::string nodeKey(std::string_view server, const std::optional<std::string>& instance)
{
    return "(" + pythonRepr(server) + ", " + (instance ? pythonRepr(*instance) : std::string("None")) + ")";
}

std::string carbonReplicaKey(const std::string& nodeKey, unsigned replica)
{
    return nodeKey + ":" + std::to_string(replica);
}

std::string fnv1aReplicaKey(const std::optional<std::string>& instance, unsigned replica)
{
    return std::to_string(replica) + "-" + (instance ? *instance : std::string("None"));
}

} // namespace hashroute
} // namespace polymur
