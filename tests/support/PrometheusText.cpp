// PrometheusText.cpp - the exposition format parser.
#include "PrometheusText.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>

namespace polymur::test {

namespace {

bool isNameStart(char c, bool metric)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (metric && c == ':');
}

bool isNameChar(char c, bool metric)
{
    return isNameStart(c, metric) || std::isdigit(static_cast<unsigned char>(c));
}

bool validName(const std::string& name, bool metric)
{
    if (name.empty() || !isNameStart(name[0], metric))
        return false;
    for (char c : name)
        if (!isNameChar(c, metric))
            return false;
    return true;
}

[[noreturn]] void fail(std::size_t line, const std::string& what)
{
    throw std::runtime_error("line " + std::to_string(line) + ": " + what);
}

double parseValue(const std::string& text, std::size_t line)
{
    if (text == "+Inf")
        return HUGE_VAL;
    if (text == "-Inf")
        return -HUGE_VAL;
    if (text == "NaN")
        return NAN;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
        fail(line, "bad value '" + text + "'");
    return v;
}

std::string seriesKey(const std::string& name, const std::map<std::string, std::string>& labels)
{
    std::string key = name + "{";
    for (const auto& [k, v] : labels)
        key += k + "=" + v + ",";
    return key + "}";
}

} // namespace

double PrometheusDocument::value(const std::string& name, const std::map<std::string, std::string>& labels) const
{
    for (const auto& s : samples)
        if (s.name == name && s.labels == labels)
            return s.value;
    throw std::out_of_range("no series " + seriesKey(name, labels));
}

bool PrometheusDocument::has(const std::string& name, const std::map<std::string, std::string>& labels) const
{
    for (const auto& s : samples)
        if (s.name == name && s.labels == labels)
            return true;
    return false;
}

PrometheusDocument parsePrometheusText(const std::string& text)
{
    static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};
    PrometheusDocument doc;
    std::set<std::string> series;
    std::set<std::string> closedFamilies;
    std::string currentFamily;
    std::size_t lineNo = 0;
    std::size_t start = 0;
    if (!text.empty() && text.back() != '\n')
        fail(0, "the exposition must end with a newline");
    while (start < text.size())
    {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (line.empty())
            continue;
        if (line[0] == '#')
        {
            if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0)
            {
                const bool isType = line[2] == 'T';
                const std::string rest = line.substr(7);
                const auto space = rest.find(' ');
                const std::string name = rest.substr(0, space);
                const std::string arg = space == std::string::npos ? "" : rest.substr(space + 1);
                if (!validName(name, true))
                    fail(lineNo, "bad metric name '" + name + "'");
                if (name != currentFamily)
                {
                    if (closedFamilies.count(name))
                        fail(lineNo, "family " + name + " appears twice");
                    if (!currentFamily.empty())
                        closedFamilies.insert(currentFamily);
                    currentFamily = name;
                }
                if (isType)
                {
                    if (!kTypes.count(arg))
                        fail(lineNo, "bad type '" + arg + "'");
                    if (doc.types.count(name))
                        fail(lineNo, "second TYPE line for " + name);
                    doc.types[name] = arg;
                }
                else
                {
                    if (doc.help.count(name))
                        fail(lineNo, "second HELP line for " + name);
                    doc.help[name] = arg;
                }
            }
            continue;
        }
        PrometheusSample sample;
        std::size_t i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ')
            ++i;
        sample.name = line.substr(0, i);
        if (!validName(sample.name, true))
            fail(lineNo, "bad metric name '" + sample.name + "'");
        if (i < line.size() && line[i] == '{')
        {
            ++i;
            while (i < line.size() && line[i] != '}')
            {
                std::size_t nameStart = i;
                while (i < line.size() && line[i] != '=')
                    ++i;
                const std::string labelName = line.substr(nameStart, i - nameStart);
                if (!validName(labelName, false))
                    fail(lineNo, "bad label name '" + labelName + "'");
                if (i + 1 >= line.size() || line[i + 1] != '"')
                    fail(lineNo, "label value must be quoted");
                i += 2;
                std::string value;
                for (;; ++i)
                {
                    if (i >= line.size())
                        fail(lineNo, "unterminated label value");
                    if (line[i] == '"')
                        break;
                    if (line[i] == '\\')
                    {
                        ++i;
                        if (i >= line.size())
                            fail(lineNo, "dangling escape");
                        if (line[i] == 'n')
                            value += '\n';
                        else if (line[i] == '\\' || line[i] == '"')
                            value += line[i];
                        else
                            fail(lineNo, "bad escape in label value");
                    }
                    else
                        value += line[i];
                }
                ++i; // closing quote
                if (sample.labels.count(labelName))
                    fail(lineNo, "label " + labelName + " twice");
                sample.labels[labelName] = value;
                if (i < line.size() && line[i] == ',')
                    ++i;
            }
            if (i >= line.size())
                fail(lineNo, "unterminated label set");
            ++i; // '}'
        }
        if (i >= line.size() || line[i] != ' ')
            fail(lineNo, "expected a space before the value");
        const std::string rest = line.substr(i + 1);
        const auto space = rest.find(' ');
        sample.value = parseValue(rest.substr(0, space), lineNo);
        if (space != std::string::npos)
        {
            const std::string ts = rest.substr(space + 1);
            if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string::npos)
                fail(lineNo, "bad timestamp '" + ts + "'");
        }
        if (sample.name != currentFamily || !doc.types.count(sample.name))
            fail(lineNo, "sample " + sample.name + " outside its TYPE-declared family");
        if (doc.types[sample.name] == "counter" &&
            (sample.name.size() < 6 || sample.name.compare(sample.name.size() - 6, 6, "_total") != 0))
            fail(lineNo, "counter " + sample.name + " does not end in _total");
        if (!series.insert(seriesKey(sample.name, sample.labels)).second)
            fail(lineNo, "duplicate series " + seriesKey(sample.name, sample.labels));
        doc.samples.push_back(std::move(sample));
    }
    return doc;
}

} // namespace polymur::test
