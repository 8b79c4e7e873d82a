// LineParser.cpp - line splitting and carbon-style validation.
#include "LineParser.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace polymur {

namespace {

bool isFieldSpace(char c)
{
    return c == ' ' || c == '\t';
}

/// Printable, valid UTF-8, no spaces or control characters.
bool validName(std::string_view name)
{
    const auto* p = reinterpret_cast<const unsigned char*>(name.data());
    const auto* end = p + name.size();
    while (p < end)
    {
        const unsigned char c = *p;
        if (c < 0x80)
        {
            if (c <= 0x20 || c == 0x7f)
                return false;
            ++p;
            continue;
        }
        int extra;
        std::uint32_t cp;
        if ((c & 0xe0) == 0xc0)
        {
            extra = 1;
            cp = c & 0x1f;
        }
        else if ((c & 0xf0) == 0xe0)
        {
            extra = 2;
            cp = c & 0x0f;
        }
        else if ((c & 0xf8) == 0xf0)
        {
            extra = 3;
            cp = c & 0x07;
        }
        else
            return false;
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i)
        {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        // Overlong forms, surrogates and out-of-range code points.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || (cp >= 0x80 && cp < 0xa0))
            return false;
        p += extra + 1;
    }
    return true;
}

bool validValue(std::string_view value)
{
    double d = 0;
    const char* first = value.data();
    const char* last = first + value.size();
    if (first < last && *first == '+')
        ++first;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || ptr != last)
        return false;
    return std::isfinite(d);
}

bool validTimestamp(std::string_view ts)
{
    long long n = 0;
    const char* first = ts.data();
    const char* last = first + ts.size();
    auto [ptr, ec] = std::from_chars(first, last, n);
    return ec == std::errc() && ptr == last;
}

} // namespace

const char* skipReasonName(SkipReason reason)
{
    switch (reason)
    {
    case SkipReason::FieldCount: return "field_count";
    case SkipReason::BadName: return "bad_name";
    case SkipReason::BadValue: return "bad_value";
    case SkipReason::BadTimestamp: return "bad_timestamp";
    case SkipReason::TooLong: return "too_long";
    case SkipReason::Count: break;
    }
    return "unknown";
}

bool validateLine(std::string_view line, std::array<std::string_view, 3>& fields, SkipReason& reason)
{
    std::size_t count = 0;
    std::size_t i = 0;
    const std::size_t n = line.size();
    while (i < n)
    {
        while (i < n && isFieldSpace(line[i]))
            ++i;
        if (i >= n)
            break;
        std::size_t start = i;
        while (i < n && !isFieldSpace(line[i]))
            ++i;
        if (count == 3)
        {
            reason = SkipReason::FieldCount;
            return false;
        }
        fields[count++] = line.substr(start, i - start);
    }
    if (count != 3)
    {
        reason = SkipReason::FieldCount;
        return false;
    }
    if (!validName(fields[0]))
    {
        reason = SkipReason::BadName;
        return false;
    }
    if (!validValue(fields[1]))
    {
        reason = SkipReason::BadValue;
        return false;
    }
    if (!validTimestamp(fields[2]))
    {
        reason = SkipReason::BadTimestamp;
        return false;
    }
    return true;
}

ParseCounts parseLines(std::string_view input, const LineParserOptions& options, std::string& output,
                       LineBatch& batch)
{
    ParseCounts counts;
    batch.points.clear();
    output.clear();

    // One exact reservation so views into `output` stay valid while it fills.
    std::size_t lines = 1;
    for (const char* p = input.data(); (p = static_cast<const char*>(std::memchr(p, '\n', input.data() + input.size() - p)));
         ++p)
        ++lines;
    output.reserve(input.size() + lines * (options.prefix.size() + 1));
    batch.points.reserve(lines);

    std::array<std::string_view, 3> fields;
    std::size_t pos = 0;
    while (pos < input.size())
    {
        const char* nl = static_cast<const char*>(std::memchr(input.data() + pos, '\n', input.size() - pos));
        const std::size_t end = nl ? static_cast<std::size_t>(nl - input.data()) : input.size();
        std::string_view line = input.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.back() == '\r' || isFieldSpace(line.back())))
            line.remove_suffix(1);
        while (!line.empty() && isFieldSpace(line.front()))
            line.remove_prefix(1);
        if (line.empty())
        {
            ++counts.blank;
            continue;
        }
        if (line.size() > options.maxLineLength)
        {
            ++counts.skipped[static_cast<std::size_t>(SkipReason::TooLong)];
            continue;
        }
        SkipReason reason = SkipReason::FieldCount;
        if (!validateLine(line, fields, reason))
        {
            ++counts.skipped[static_cast<std::size_t>(reason)];
            continue;
        }
        const std::size_t start = output.size();
        output.append(options.prefix);
        output.append(fields[0]);
        const std::size_t nameEnd = output.size();
        output.push_back(' ');
        output.append(fields[1]);
        output.push_back(' ');
        output.append(fields[2]);
        const std::size_t lineEnd = output.size();
        output.push_back('\n');
        batch.points.push_back({std::string_view(output.data() + start, lineEnd - start),
                                std::string_view(output.data() + start, nameEnd - start)});
        ++counts.accepted;
    }
    return counts;
}

} // namespace polymur
