// LineParserInPlaceTest.cpp - the one-pass, in-place line parser against a
// straightforward reference (split on blanks, then check each field with
// from_chars), on hand-picked edge cases and on random lines.
#include "LineParser.h"

#include <cppunit/extensions/HelperMacros.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace polymur;

namespace {

/// Valid UTF-8 without control characters (C0, DEL, C1), written the
/// obvious way: decode each code point, then check it.
bool referenceName(std::string_view name)
{
    std::size_t i = 0;
    while (i < name.size())
    {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        std::size_t extra = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc0 && c < 0xe0 ? 1 : 9;
        if (extra == 9 || i + extra >= name.size() + (extra == 0 ? 1 : 0))
            return false;
        std::uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1f) : extra == 2 ? (c & 0x0f) : (c & 0x07);
        for (std::size_t k = 1; k <= extra; ++k)
        {
            const unsigned char cc = static_cast<unsigned char>(name[i + k]);
            if ((cc & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        const std::uint32_t minimum[] = {0, 0x80, 0x800, 0x10000};
        if (cp < minimum[extra] || cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += extra + 1;
    }
    return true;
}

/// The reference: what carbon accepts, written the obvious way (split on
/// blanks, then name, from_chars value, from_chars timestamp).
bool referenceValid(std::string_view line, std::string& normalised, SkipReason& reason)
{
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < line.size())
    {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            fields.push_back(line.substr(start, i - start));
    }
    if (fields.size() != 3)
    {
        reason = SkipReason::FieldCount;
        return false;
    }
    if (!referenceName(fields[0]))
    {
        reason = SkipReason::BadName;
        return false;
    }
    double d = 0;
    std::string_view v = fields[1];
    if (v.size() > 1 && v[0] == '+' && v[1] != '-')
        v.remove_prefix(1);
    auto [vp, vec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (vec != std::errc() || vp != v.data() + v.size() || !std::isfinite(d))
    {
        reason = SkipReason::BadValue;
        return false;
    }
    long long n = 0;
    auto [tp, tec] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), n);
    if (tec != std::errc() || tp != fields[2].data() + fields[2].size())
    {
        reason = SkipReason::BadTimestamp;
        return false;
    }
    normalised = std::string(fields[0]) + " " + std::string(fields[1]) + " " + std::string(fields[2]) + "\n";
    return true;
}

} // namespace

class LineParserInPlaceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LineParserInPlaceTest);
    CPPUNIT_TEST(cleanBatchIsNotMoved);
    CPPUNIT_TEST(compactsAroundInvalidLines);
    CPPUNIT_TEST(valueAndTimestampForms);
    CPPUNIT_TEST(namesCheckedPastEightBytes);
    CPPUNIT_TEST(prefixInPlace);
    CPPUNIT_TEST(digitRunsOfEveryLength);
    CPPUNIT_TEST(randomLinesMatchReference);
    CPPUNIT_TEST_SUITE_END();

    static ParseCounts inPlace(std::string& buffer, LineBatch& batch, std::string_view prefix = {})
    {
        LineParserOptions options;
        options.prefix = prefix;
        return parseLinesInPlace(buffer, options, batch);
    }

public:
    void cleanBatchIsNotMoved()
    {
        std::string buffer = "a.b 1 100\nc.d 2.5 200\n";
        const char* data = buffer.data();
        LineBatch batch;
        auto counts = inPlace(buffer, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.accepted);
        CPPUNIT_ASSERT(data == buffer.data());
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 100\nc.d 2.5 200\n"), buffer);
        CPPUNIT_ASSERT_EQUAL(std::string("c.d"), std::string(batch.points[1].name));
        CPPUNIT_ASSERT_EQUAL(std::string("c.d 2.5 200"), std::string(batch.points[1].line));
    }

    void compactsAroundInvalidLines()
    {
        std::string buffer = "bad line\n  a.b\t1   100 \r\n\nx 1 1 1\nc.d 2 200";
        LineBatch batch;
        auto counts = inPlace(buffer, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.skipped[static_cast<std::size_t>(SkipReason::FieldCount)]);
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 100\nc.d 2 200\n"), buffer);
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 100"), std::string(batch.points[0].line));
        CPPUNIT_ASSERT_EQUAL(std::string("c.d"), std::string(batch.points[1].name));
        for (const auto& p : batch.points)
            CPPUNIT_ASSERT_EQUAL('\n', *(p.line.data() + p.line.size()));
    }

    void valueAndTimestampForms()
    {
        const char* valid[] = {"n 1e5 1", "n -2.5E-3 1", "n 5. 1", "n .5 1", "n +7 1", "n -0 1", "n 1 -5",
                               "n 1 123456789012345678", "n 1 9223372036854775807", "n 0.000000000000000000001 1"};
        const char* invalid[] = {"n +-1 1", "n 1e999 1", "n nan 1", "n -inf 1", "n 1.2.3 1", "n - 1", "n 1 +5",
                                 "n 1 9223372036854775808", "n 1 1.0", "n 1 -", "n 0x10 1", "n 1,5 1"};
        for (const char* line : valid)
        {
            std::string buffer = line;
            LineBatch batch;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(line, std::size_t(1), inPlace(buffer, batch).accepted);
        }
        for (const char* line : invalid)
        {
            std::string buffer = line;
            LineBatch batch;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(line, std::size_t(0), inPlace(buffer, batch).accepted);
        }
    }

    void namesCheckedPastEightBytes()
    {
        for (std::size_t at = 0; at < 20; ++at)
        {
            for (char bad : {'\x01', '\x7f', '\x1f'})
            {
                std::string name(20, 'a');
                name[at] = bad;
                std::string buffer = name + " 1 1\n";
                LineBatch batch;
                auto counts = inPlace(buffer, batch);
                CPPUNIT_ASSERT_EQUAL(std::size_t(0), counts.accepted);
                CPPUNIT_ASSERT_EQUAL(std::size_t(1), counts.skipped[static_cast<std::size_t>(SkipReason::BadName)]);
            }
            std::string name(20, 'a');
            name.replace(at, 1, "\xc3\xa9"); // valid UTF-8
            std::string buffer = name + " 1 1\n";
            LineBatch batch;
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), inPlace(buffer, batch).accepted);
        }
    }

    void digitRunsOfEveryLength()
    {
        // The digit scan works eight bytes at a time: a stray byte at any
        // position of a long run must still be seen.
        for (std::size_t length = 1; length <= 24; ++length)
        {
            for (std::size_t at = 0; at <= length; ++at)
            {
                std::string digits(length, '7');
                const bool stray = at < length;
                if (stray)
                    digits[at] = at % 2 ? 'x' : '/';
                std::string buffer = "n " + digits + " 1\nn 1 " + digits + "\nok 1 1\n";
                LineBatch batch;
                auto counts = inPlace(buffer, batch);
                const std::size_t expectValue = stray ? 0 : 1;
                const std::size_t expectTs = stray || length > 19 ? 0 : 1;
                CPPUNIT_ASSERT_EQUAL_MESSAGE(digits, expectValue + expectTs + 1, counts.accepted);
            }
        }
    }

    void prefixInPlace()
    {
        std::string buffer = "a 1 1\nbad\nb 2 2";
        LineBatch batch;
        auto counts = inPlace(buffer, batch, "user.");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::string("user.a 1 1\nuser.b 2 2\n"), buffer);
        CPPUNIT_ASSERT_EQUAL(std::string("user.b"), std::string(batch.points[1].name));
    }

    void randomLinesMatchReference()
    {
        // Pieces that hit every branch: separators, signs, dots, exponents,
        // control bytes, UTF-8 (valid and not), carriage returns.
        const std::vector<std::string> namePieces = {"a", "servers.host-01", ".", "-", "_", "\x01", "\x7f",
                                                     "\xc3\xa9", "\xc2\x85", "\xff", "\xe2\x82", "0123456789"};
        const std::vector<std::string> valuePieces = {"1", "23", "-", "+", ".", "e", "E5", "0.5", "nan", "inf",
                                                      "9", "x", "1e400", "007"};
        const std::vector<std::string> tsPieces = {"1", "1700000000", "-", "+", "9223372036854775807", "0", ".", "x"};
        const std::vector<std::string> blanks = {" ", "  ", "\t", " \t"};
        std::mt19937 rng(12345);
        auto pick = [&rng](const std::vector<std::string>& from) {
            return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
        };
        auto some = [&](const std::vector<std::string>& from) {
            std::string out = pick(from);
            while (rng() % 3 == 0)
                out += pick(from);
            return out;
        };
        std::string input;
        std::string expected;
        std::size_t expectedAccepted = 0;
        std::size_t expectedSkipped = 0;
        for (int i = 0; i < 20000; ++i)
        {
            std::string line = some(namePieces) + pick(blanks) + some(valuePieces) + pick(blanks) + some(tsPieces);
            if (i % 7 == 0)
                line += pick(blanks) + "extra";
            if (i % 5 == 0)
                line = pick(blanks) + line;
            if (i % 4 == 0)
                line += i % 8 ? "\r" : " ";
            input += line + "\n";
            std::string_view view(line);
            while (!view.empty() && (view.back() == '\r' || view.back() == ' ' || view.back() == '\t'))
                view.remove_suffix(1);
            while (!view.empty() && (view.front() == ' ' || view.front() == '\t'))
                view.remove_prefix(1);
            std::string normalised;
            SkipReason reason;
            if (referenceValid(view, normalised, reason))
            {
                expected += normalised;
                ++expectedAccepted;
            }
            else
                ++expectedSkipped;
        }
        std::string buffer = input;
        LineBatch batch;
        auto counts = inPlace(buffer, batch);
        CPPUNIT_ASSERT_EQUAL(expectedAccepted, counts.accepted);
        CPPUNIT_ASSERT_EQUAL(expectedSkipped, counts.skippedTotal());
        CPPUNIT_ASSERT(expected == buffer);
        CPPUNIT_ASSERT_EQUAL(expectedAccepted, batch.points.size());
        CPPUNIT_ASSERT_MESSAGE(std::to_string(expectedAccepted) + " accepted, " + std::to_string(expectedSkipped) + " skipped",
                               expectedAccepted > 500 && expectedSkipped > 500); // both kinds are exercised
        std::string copy;
        LineBatch copyBatch;
        LineParserOptions options;
        auto copyCounts = parseLines(input, options, copy, copyBatch);
        CPPUNIT_ASSERT(copy == buffer);
        CPPUNIT_ASSERT_EQUAL(counts.skippedTotal(), copyCounts.skippedTotal());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LineParserInPlaceTest);
