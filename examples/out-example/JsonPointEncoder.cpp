// JsonPointEncoder.cpp - field splitting, number normalisation, JSON escaping.
#include "JsonPointEncoder.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace outexample {

namespace {

/// Split on runs of spaces; exactly three fields.
bool splitFields(std::string_view line, std::string_view (&fields)[3])
{
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos < line.size())
    {
        while (pos < line.size() && line[pos] == ' ')
            ++pos;
        if (pos == line.size())
            break;
        const std::size_t end = std::min(line.find(' ', pos), line.size());
        if (count == 3)
            return false;
        fields[count++] = line.substr(pos, end - pos);
        pos = end;
    }
    return count == 3;
}

/// JSON string body: quote, backslash and control characters escaped. The
/// gateway only passes valid UTF-8 names, which JSON carries as they are.
void appendEscaped(std::string_view text, std::string& out)
{
    static const char kHex[] = "0123456789abcdef";
    for (const char ch : text)
    {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\')
        {
            out.push_back('\\');
            out.push_back(ch);
        }
        else if (c < 0x20)
        {
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        }
        else
            out.push_back(ch);
    }
}

} // namespace

bool appendPointJson(std::string_view line, std::string& out)
{
    std::string_view fields[3];
    if (!splitFields(line, fields))
        return false;

    // Graphite accepts "+1", "1.", ".5" and "1e3"; JSON does not accept all of
    // them, so the value is written back in its shortest exact form.
    std::string_view valueText = fields[1];
    if (!valueText.empty() && valueText.front() == '+')
        valueText.remove_prefix(1);
    double value = 0;
    auto parsedValue = std::from_chars(valueText.data(), valueText.data() + valueText.size(), value);
    if (parsedValue.ec != std::errc() || parsedValue.ptr != valueText.data() + valueText.size() ||
        !std::isfinite(value))
        return false;
    long long timestamp = 0;
    auto parsedTime = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), timestamp);
    if (parsedTime.ec != std::errc() || parsedTime.ptr != fields[2].data() + fields[2].size())
        return false;

    char number[32];
    out.append("{\"name\":\"");
    appendEscaped(fields[0], out);
    out.append("\",\"value\":");
    out.append(number, std::to_chars(number, number + sizeof(number), value).ptr);
    out.append(",\"timestamp\":");
    out.append(number, std::to_chars(number, number + sizeof(number), timestamp).ptr);
    out.append("}\n");
    return true;
}

} // namespace outexample
