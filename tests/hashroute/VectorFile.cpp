// VectorFile.cpp - parse the gzip'ed parity vectors.
#include "VectorFile.h"

#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace polymur {
namespace hashroute {
namespace test {

namespace {

class LineReader
{
public:
    explicit LineReader(std::string text)
        : _text(std::move(text))
    {
    }

    std::string_view next()
    {
        if (_at >= _text.size())
            throw std::runtime_error("vector file: unexpected end after line " + std::to_string(_line));
        const std::size_t end = _text.find('\n', _at);
        if (end == std::string::npos)
            throw std::runtime_error("vector file: last line lacks a newline");
        std::string_view line(_text.data() + _at, end - _at);
        _at = end + 1;
        ++_line;
        return line;
    }

    bool atEnd() const { return _at == _text.size(); }
    std::size_t lineNumber() const { return _line; }

private:
    std::string _text;
    std::size_t _at = 0;
    std::size_t _line = 0;
};

std::vector<std::string> split(std::string_view line)
{
    std::vector<std::string> fields;
    std::size_t at = 0;
    while (at <= line.size())
    {
        std::size_t end = line.find(' ', at);
        if (end == std::string_view::npos)
            end = line.size();
        fields.emplace_back(line.substr(at, end - at));
        at = end + 1;
    }
    return fields;
}

std::vector<std::string> expect(LineReader& reader, const std::string& tag, std::size_t minFields)
{
    const auto fields = split(reader.next());
    if (fields.empty() || fields[0] != tag || fields.size() < minFields)
        throw std::runtime_error("vector file line " + std::to_string(reader.lineNumber()) + ": expected '" + tag + "'");
    return fields;
}

std::string unhex(const std::string& hex)
{
    if (hex.size() % 2)
        throw std::runtime_error("vector file: odd hex field");
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

std::uint8_t digit(char c)
{
    if (c >= '0' && c <= '9')
        return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'z')
        return static_cast<std::uint8_t>(c - 'a' + 10);
    throw std::runtime_error("vector file: bad node digit");
}

} // namespace

std::string VectorRing::describe() const
{
    return label + "/" + hashTypeName(type);
}

VectorFile VectorFile::load(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::runtime_error("cannot open vector file " + path);
    Poco::InflatingInputStream inflater(file, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::string text;
    Poco::StreamCopier::copyToString(inflater, text);
    LineReader reader(std::move(text));

    VectorFile vf;
    if (reader.next() != "polymur-hashring-vectors 1")
        throw std::runtime_error("vector file: unknown header");
    vf.source = std::string(reader.next());
    const std::size_t nameCount = std::stoul(expect(reader, "names", 2)[1]);
    for (std::size_t i = 0; i < nameCount; ++i)
        vf.names.emplace_back(reader.next());
    const std::size_t ringCount = std::stoul(expect(reader, "rings", 2)[1]);
    for (std::size_t r = 0; r < ringCount; ++r)
    {
        const auto head = expect(reader, "ring", 7);
        VectorRing ring;
        ring.label = head[1];
        ring.type = parseHashType(head[2]);
        ring.replicas = static_cast<unsigned>(std::stoul(head[3]));
        const std::size_t nodeCount = std::stoul(head[4]);
        ring.wraps = std::stoul(head[5]);
        ring.exactHits = std::stoul(head[6]);
        for (std::size_t n = 0; n < nodeCount; ++n)
        {
            const auto node = expect(reader, "node", 4);
            RingNode rn;
            rn.server = unhex(node[1]);
            if (node[2] != "-")
                rn.instance = unhex(node[2]);
            ring.nodes.push_back(rn);
            ring.nodeKeys.push_back(unhex(node[3]));
        }
        const auto entries = expect(reader, "entries", 2);
        const std::size_t entryCount = std::stoul(entries[1]);
        if (entries.size() != entryCount + 2)
            throw std::runtime_error("vector file: entry count mismatch in " + ring.describe());
        for (std::size_t e = 0; e < entryCount; ++e)
        {
            const std::string& pair = entries[e + 2];
            const std::size_t colon = pair.find(':');
            ring.entries.emplace_back(static_cast<std::uint32_t>(std::stoul(pair.substr(0, colon))),
                                      static_cast<std::uint32_t>(std::stoul(pair.substr(colon + 1))));
        }
        const auto lookups = expect(reader, "lookups", 2);
        if (lookups.size() != 2 || lookups[1].size() != nameCount)
            throw std::runtime_error("vector file: lookup count mismatch in " + ring.describe());
        for (const char c : lookups[1])
            ring.owners.push_back(digit(c));
        expect(reader, "end", 1);
        vf.rings.push_back(std::move(ring));
    }
    if (!reader.atEnd())
        throw std::runtime_error("vector file: trailing data");
    return vf;
}

const VectorFile& VectorFile::committed()
{
    static const VectorFile vf = load(std::string(POLYMUR_SOURCE_DIR) + "/tests/hashring/vectors.txt.gz");
    return vf;
}

CarbonHashRing buildRing(const VectorRing& ring)
{
    CarbonHashRing built(ring.type, ring.replicas);
    for (const auto& node : ring.nodes)
        built.addNode(node);
    return built;
}

std::uint32_t ownerWithout(const VectorRing& ring, const std::string& name, const std::vector<bool>& gone)
{
    const std::uint32_t position = CarbonHashRing(ring.type, 1).position(name);
    std::size_t at = 0;
    while (at < ring.entries.size() && ring.entries[at].first < position)
        ++at;
    for (std::size_t step = 0; step < ring.entries.size(); ++step)
    {
        const auto& entry = ring.entries[(at + step) % ring.entries.size()];
        if (!gone.at(entry.second))
            return entry.second;
    }
    throw std::runtime_error("every node of " + ring.describe() + " is gone");
}

} // namespace test
} // namespace hashroute
} // namespace polymur
