// LineParser.cpp - line splitting and carbon-style validation.
#include "LineParser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "skipPlainNameBytes assumes little-endian loads");

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

/// Plain decimals ("-12", "3.25", "+0.5"): valid and finite without a
/// full conversion. Anything else (exponents, "nan", long numbers) goes to
/// from_chars, which has the final say.
bool plainDecimal(const char* p, const char* end)
{
    if (end - p > 40)
        return false;
    if (p < end && (*p == '-' || *p == '+'))
        ++p;
    const char* digits = p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10)
        ++p;
    if (p == digits)
        return false;
    if (p == end)
        return true;
    if (*p != '.')
        return false;
    const char* fraction = ++p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10)
        ++p;
    return p == end && p != fraction;
}

bool validValue(std::string_view value)
{
    if (plainDecimal(value.data(), value.data() + value.size()))
        return true;
    double d = 0;
    const char* first = value.data();
    const char* last = first + value.size();
    if (first < last && *first == '+')
    {
        ++first;
        if (first < last && *first == '-')
            return false; // "+-1" is not a number
    }
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || ptr != last)
        return false;
    return std::isfinite(d);
}

bool validTimestamp(std::string_view ts)
{
    // Fast path: up to 18 digits always fit a long long.
    if (!ts.empty() && ts.size() <= 18)
    {
        std::size_t i = ts[0] == '-' ? 1 : 0;
        if (i < ts.size())
        {
            while (i < ts.size() && static_cast<unsigned char>(ts[i] - '0') < 10)
                ++i;
            if (i == ts.size())
                return true;
        }
    }
    long long n = 0;
    const char* first = ts.data();
    const char* last = first + ts.size();
    auto [ptr, ec] = std::from_chars(first, last, n);
    return ec == std::errc() && ptr == last;
}

/// Byte classes for the one-pass field scan: 0 = an ordinary printable
/// ASCII name byte, 1 = a field separator, 2 = anything the name check must
/// look at closely (control bytes, DEL, UTF-8).
struct ByteClasses
{
    unsigned char table[256];
    constexpr ByteClasses() : table()
    {
        for (int c = 0; c < 256; ++c)
            table[c] = (c > 0x20 && c < 0x7f) ? 0 : 2;
        table[static_cast<unsigned char>(' ')] = 1;
        table[static_cast<unsigned char>('\t')] = 1;
    }
};
constexpr ByteClasses kClasses;

/// The fields of one line, found in a single pass.
struct ScannedLine
{
    const char* name;
    const char* nameEnd;
    const char* value;
    const char* valueEnd;
    const char* ts;
    const char* tsEnd;
    /// Single spaces between the fields: the line is already in output form.
    bool normal() const { return nameEnd + 1 == value && valueEnd + 1 == ts && *nameEnd == ' ' && *valueEnd == ' '; }
};

/// Advance past printable ASCII bytes (0x21..0x7e), eight at a time: the
/// bulk of every metric name.
const char* skipPlainNameBytes(const char* p, const char* end)
{
#ifdef __SSE2__
    // Signed compare: bytes >= 0x80 are negative, so "< 0x21" flags them too.
    const __m128i low = _mm_set1_epi8(0x21);
    const __m128i del = _mm_set1_epi8(0x7f);
    while (end - p >= 16)
    {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int special = _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, low), _mm_cmpeq_epi8(x, del)));
        if (special)
            return p + __builtin_ctz(static_cast<unsigned>(special));
        p += 16;
    }
#endif
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (end - p >= 8)
    {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        // High bit of a byte set when it is < 0x21, == 0x7f or >= 0x80.
        // Borrows and carries only start at such a byte, so the lowest
        // flagged byte is exact (little-endian load).
        const std::uint64_t special = ((x - 0x21 * kOnes) | x | (x + kOnes)) & kHigh;
        if (special)
            return p + (__builtin_ctzll(special) >> 3);
        p += 8;
    }
    while (p < end && kClasses.table[static_cast<unsigned char>(*p)] == 0)
        ++p;
    return p;
}

bool isDigit(char c)
{
    return static_cast<unsigned char>(c - '0') < 10;
}

/// Past a run of ASCII digits, eight at a time where the buffer allows.
const char* skipDigits(const char* p, const char* end)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (end - p >= 8)
    {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        // High bit set for a byte < '0' (borrow), > '9' (+0x46 reaches
        // 0x80) or >= 0x80; the lowest flagged byte is exact.
        const std::uint64_t other = ((x - 0x30 * kOnes) | (x + 0x46 * kOnes) | x) & kHigh;
        if (other)
            return p + (__builtin_ctzll(other) >> 3);
        p += 8;
    }
    while (p < end && isDigit(*p))
        ++p;
    return p;
}

/// Past "[+-]digits[.digits]" when the field starts so, else where it stops
/// matching (the caller then sees no field end there).
const char* skipPlainDecimal(const char* p, const char* end)
{
    const char* start = p;
    if (p < end && (*p == '-' || *p == '+'))
        ++p;
    const char* digits = p;
    p = skipDigits(p, end);
    if (p == digits)
        return start;
    if (p < end && *p == '.')
    {
        const char* fraction = ++p;
        while (p < end && isDigit(*p))
            ++p;
        if (p == fraction)
            return start;
    }
    return p;
}

/// Past "[-]digits" when the field starts so, else `p`.
const char* skipPlainInteger(const char* p, const char* end)
{
    const char* start = p;
    if (p < end && *p == '-')
        ++p;
    const char* digits = p;
    p = skipDigits(p, end);
    return p == digits ? start : p;
}

const char* skipSpaces(const char* p, const char* end)
{
    while (p < end && isFieldSpace(*p))
        ++p;
    return p;
}

const char* skipField(const char* p, const char* end)
{
    while (p < end && !isFieldSpace(*p))
        ++p;
    return p;
}

/// Split and validate a line already trimmed of surrounding whitespace
/// (non-empty). Field count is checked first, then name, value, timestamp.
bool scanLine(const char* p, const char* end, ScannedLine& line, SkipReason& reason)
{
    line.name = p;
    bool suspect = false;
    for (;;)
    {
        p = skipPlainNameBytes(p, end);
        if (p == end || kClasses.table[static_cast<unsigned char>(*p)] == 1)
            break;
        suspect = true; // control byte, DEL or UTF-8: validName decides
        ++p;
    }
    line.nameEnd = p;
    // Value and timestamp: the common plain forms are recognised while the
    // field is scanned; anything else gets the full check below.
    line.value = p = skipSpaces(p, end);
    p = skipPlainDecimal(p, end);
    const bool plainValue = p != line.value && (p == end || isFieldSpace(*p)) && p - line.value <= 40;
    line.valueEnd = p = skipField(p, end);
    line.ts = p = skipSpaces(p, end);
    p = skipPlainInteger(p, end);
    const bool plainTs = p != line.ts && (p == end || isFieldSpace(*p)) && p - line.ts <= 18;
    line.tsEnd = p = skipField(p, end);
    if (line.value == line.valueEnd || line.ts == line.tsEnd || skipSpaces(p, end) != end)
    {
        reason = SkipReason::FieldCount;
        return false;
    }
    if (suspect && !validName(std::string_view(line.name, static_cast<std::size_t>(line.nameEnd - line.name))))
    {
        reason = SkipReason::BadName;
        return false;
    }
    if (!plainValue && !validValue(std::string_view(line.value, static_cast<std::size_t>(line.valueEnd - line.value))))
    {
        reason = SkipReason::BadValue;
        return false;
    }
    if (!plainTs && !validTimestamp(std::string_view(line.ts, static_cast<std::size_t>(line.tsEnd - line.ts))))
    {
        reason = SkipReason::BadTimestamp;
        return false;
    }
    return true;
}

/// The common case in one pass and without looking for the newline first:
/// "name value ts\n" with a printable ASCII name, a plain decimal value, a
/// plain integer timestamp and single spaces. False (and nothing consumed)
/// for anything else; the general path then decides.
bool scanPlainLine(const char* p, const char* end, std::size_t maxLineLength, ScannedLine& line, const char*& next)
{
    const char* q = skipPlainNameBytes(p, end);
    if (q == p || q == end || *q != ' ')
        return false;
    const char* value = q + 1;
    const char* r = skipPlainDecimal(value, end);
    if (r == value || r == end || *r != ' ' || r - value > 40)
        return false;
    const char* ts = r + 1;
    const char* u = skipPlainInteger(ts, end);
    if (u == ts || u == end || *u != '\n' || u - ts > 18 || static_cast<std::size_t>(u - p) > maxLineLength)
        return false;
    line.name = p;
    line.nameEnd = q;
    line.value = value;
    line.valueEnd = r;
    line.ts = ts;
    line.tsEnd = u;
    next = u + 1;
    return true;
}

/// Visit every line of [data, data+size): trims it, counts blank, too long
/// and invalid lines, and calls `accept(ScannedLine)` for valid ones.
/// Stops (counts.overLimit) at a valid line beyond `maxPoints` (0 = no limit).
template <class Accept>
ParseCounts forEachLine(const char* data, std::size_t size, std::size_t maxLineLength, std::size_t maxPoints,
                        Accept&& accept)
{
    ParseCounts counts;
    const std::size_t limit = maxPoints ? maxPoints : static_cast<std::size_t>(-1);
    const char* p = data;
    const char* const end = data + size;
    ScannedLine line;
    while (p < end)
    {
        const char* next;
        if (scanPlainLine(p, end, maxLineLength, line, next))
        {
            if (counts.accepted == limit)
            {
                counts.overLimit = true;
                break;
            }
            accept(line);
            ++counts.accepted;
            p = next;
            continue;
        }
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* lineEnd = nl ? nl : end;
        const char* first = p;
        p = lineEnd + 1;
        const char* last = lineEnd;
        while (last > first && (last[-1] == '\r' || isFieldSpace(last[-1])))
            --last;
        first = skipSpaces(first, last);
        if (first == last)
        {
            ++counts.blank;
            continue;
        }
        if (static_cast<std::size_t>(last - first) > maxLineLength)
        {
            ++counts.skipped[static_cast<std::size_t>(SkipReason::TooLong)];
            continue;
        }
        SkipReason reason = SkipReason::FieldCount;
        if (!scanLine(first, last, line, reason))
        {
            ++counts.skipped[static_cast<std::size_t>(reason)];
            continue;
        }
        if (counts.accepted == limit)
        {
            counts.overLimit = true;
            break;
        }
        accept(line);
        ++counts.accepted;
    }
    return counts;
}

/// The most points `size` bytes can yield: a valid line is at least "a 1 1"
/// plus a separator, and parsing stops beyond options.maxPoints.
std::size_t pointBound(std::size_t size, const LineParserOptions& options)
{
    const std::size_t bound = size / 6 + 1;
    return options.maxPoints ? std::min(bound, options.maxPoints) : bound;
}

std::size_t length(const char* from, const char* to)
{
    return static_cast<std::size_t>(to - from);
}

} // namespace

std::size_t parseMemoryBound(std::string_view input, const LineParserOptions& options)
{
    // A copy of the input (prefix, or the final '\n' growing the buffer),
    // the prefixes and newlines added, and the point views (twice: the
    // vector grows by doubling when it is not reserved).
    const std::size_t points = pointBound(input.size(), options);
    return input.size() + points * (options.prefix.size() + 1) + 2 * points * sizeof(PointView);
}

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
    const char* first = skipSpaces(line.data(), line.data() + line.size());
    const char* last = line.data() + line.size();
    while (last > first && isFieldSpace(last[-1]))
        --last;
    ScannedLine scanned;
    if (first == last)
    {
        reason = SkipReason::FieldCount;
        return false;
    }
    if (!scanLine(first, last, scanned, reason))
        return false;
    fields[0] = std::string_view(scanned.name, length(scanned.name, scanned.nameEnd));
    fields[1] = std::string_view(scanned.value, length(scanned.value, scanned.valueEnd));
    fields[2] = std::string_view(scanned.ts, length(scanned.ts, scanned.tsEnd));
    return true;
}

ParseCounts parseLines(std::string_view input, const LineParserOptions& options, std::string& output,
                       LineBatch& batch)
{
    batch.points.clear();
    output.clear();
    if (options.prefix.empty())
    {
        output.assign(input.data(), input.size());
        return parseLinesInPlace(output, options, batch);
    }

    // One reservation so views into `output` stay valid while it fills;
    // bounded by what can be valid, not by the newlines (blank lines).
    std::size_t lines = 1;
    for (const char* p = input.data(); (p = static_cast<const char*>(std::memchr(p, '\n', input.data() + input.size() - p)));
         ++p)
        ++lines;
    lines = std::min(lines, pointBound(input.size(), options));
    output.reserve(input.size() + lines * (options.prefix.size() + 1));
    batch.points.reserve(lines);
    return forEachLine(input.data(), input.size(), options.maxLineLength, options.maxPoints, [&](const ScannedLine& line) {
        const std::size_t start = output.size();
        output.append(options.prefix);
        output.append(line.name, length(line.name, line.nameEnd));
        const std::size_t nameEnd = output.size();
        output.push_back(' ');
        output.append(line.value, length(line.value, line.valueEnd));
        output.push_back(' ');
        output.append(line.ts, length(line.ts, line.tsEnd));
        const std::size_t lineEnd = output.size();
        output.push_back('\n');
        batch.points.push_back({std::string_view(output.data() + start, lineEnd - start),
                                std::string_view(output.data() + start, nameEnd - start)});
    });
}

ParseCounts parseLinesInPlace(std::string& buffer, const LineParserOptions& options, LineBatch& batch)
{
    batch.points.clear();
    if (!options.prefix.empty())
    {
        // Lines grow: parse from a copy (only with -key-prefix).
        const std::string input(std::move(buffer));
        return parseLines(input, options, buffer, batch);
    }
    // A final '\n' lets every output line end in place, no copy needed.
    if (!buffer.empty() && buffer.back() != '\n')
        buffer.push_back('\n');
    char* const data = &buffer[0];
    char* out = data; // Output never overtakes input: each line only shrinks.
    const ParseCounts counts = forEachLine(data, buffer.size(), options.maxLineLength, options.maxPoints,
                                           [&](const ScannedLine& line) {
        char* start = out;
        if (line.name == out && line.normal())
            out = const_cast<char*>(line.tsEnd); // already in place
        else
        {
            const std::size_t nameLength = length(line.name, line.nameEnd);
            const std::size_t valueLength = length(line.value, line.valueEnd);
            const std::size_t tsLength = length(line.ts, line.tsEnd);
            std::memmove(out, line.name, nameLength);
            out += nameLength;
            *out++ = ' ';
            std::memmove(out, line.value, valueLength);
            out += valueLength;
            *out++ = ' ';
            std::memmove(out, line.ts, tsLength);
            out += tsLength;
        }
        *out = '\n';
        batch.points.push_back({std::string_view(start, length(start, out)),
                                std::string_view(start, length(line.name, line.nameEnd))});
        ++out;
    });
    buffer.resize(length(data, out));
    return counts;
}

} // namespace polymur
