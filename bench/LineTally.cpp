// LineTally.cpp - line counting with a cheap shape check per line.
#include "LineTally.h"

#include <cstring>

namespace polymur::bench {

bool wellFormedLine(const char* data, std::size_t size)
{
    if (size < 13 || std::memcmp(data, "servers.", 8) != 0)
        return false;
    const char last = data[size - 1];
    if (last < '0' || last > '9')
        return false;
    int spaces = 0;
    for (std::size_t i = 8; i < size; ++i)
        spaces += data[i] == ' ';
    return spaces == 2;
}

void tallyLines(const char* data, std::size_t size, std::string& carry, LineTally& tally)
{
    const char* p = data;
    const char* end = data + size;
    if (!carry.empty())
    {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        if (!nl)
        {
            carry.append(p, static_cast<std::size_t>(end - p));
            return;
        }
        carry.append(p, static_cast<std::size_t>(nl - p));
        ++tally.lines;
        tally.torn += !wellFormedLine(carry.data(), carry.size());
        carry.clear();
        p = nl + 1;
    }
    while (p < end)
    {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        if (!nl)
        {
            carry.assign(p, static_cast<std::size_t>(end - p));
            return;
        }
        ++tally.lines;
        tally.torn += !wellFormedLine(p, static_cast<std::size_t>(nl - p));
        p = nl + 1;
    }
}

void finishStream(std::string& carry, LineTally& tally)
{
    if (!carry.empty())
    {
        ++tally.torn;
        carry.clear();
    }
}

} // namespace polymur::bench
