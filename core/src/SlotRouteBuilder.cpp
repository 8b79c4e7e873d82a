// SlotRouteBuilder.cpp - per-slot buffers and line views.
#include "SlotRouteBuilder.h"

#include <cstring>

namespace polymur {

void SlotRouteBuilder::reset(std::size_t slots, std::size_t bytes)
{
    _all = false;
    _buffers.resize(slots);
    _counts.assign(slots, 0);
    const std::size_t estimate = slots ? bytes / slots + bytes / (slots * 4) + 256 : 0;
    for (auto& buffer : _buffers)
    {
        buffer.clear();
        if (buffer.capacity() < estimate)
            buffer.reserve(estimate);
    }
}

void viewLines(const std::string& buffer, LineBatch& batch)
{
    batch.points.clear();
    std::size_t pos = 0;
    while (pos < buffer.size())
    {
        const char* nl = static_cast<const char*>(std::memchr(buffer.data() + pos, '\n', buffer.size() - pos));
        const std::size_t end = nl ? static_cast<std::size_t>(nl - buffer.data()) : buffer.size();
        std::string_view line(buffer.data() + pos, end - pos);
        pos = end + 1;
        if (line.empty())
            continue;
        const auto space = line.find(' ');
        batch.points.push_back({line, line.substr(0, space == std::string_view::npos ? line.size() : space)});
    }
}

} // namespace polymur
