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
    // Count spaces eight bytes at a time: the sink must keep up with the
    // gateway on the same two cores.
    constexpr std::uint64_t kSpaces = 0x2020202020202020ull;
    constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
    std::size_t spaces = 0;
    std::size_t i = 8;
    for (; i + 8 <= size; i += 8)
    {
        std::uint64_t x;
        std::memcpy(&x, data + i, 8);
        const std::uint64_t y = x ^ kSpaces; // a space becomes a zero byte
        // High bit set exactly for the non-zero bytes of y.
        const std::uint64_t nonZero = (((y & kLow7) + kLow7) | y) & ~kLow7;
        spaces += 8 - static_cast<std::size_t>(__builtin_popcountll(nonZero));
    }
    for (; i < size; ++i)
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
