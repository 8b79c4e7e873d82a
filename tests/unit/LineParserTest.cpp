// LineParserTest.cpp - line splitting and carbon-style validation.
#include "LineParser.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class LineParserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LineParserTest);
    CPPUNIT_TEST(lastLineWithoutNewline);
    CPPUNIT_TEST(crlfAndBlankLines);
    CPPUNIT_TEST(viewsPointIntoOutput);
    CPPUNIT_TEST(invalidLinesCountedByReason);
    CPPUNIT_TEST(prefixRewritesEveryLine);
    CPPUNIT_TEST(tooLongLinesSkipped);
    CPPUNIT_TEST_SUITE_END();

    ParseCounts parse(const std::string& in, std::string& out, LineBatch& batch, std::string_view prefix = {},
                      std::size_t maxLine = 4096)
    {
        LineParserOptions options;
        options.prefix = prefix;
        options.maxLineLength = maxLine;
        return parseLines(in, options, out, batch);
    }

public:
    void lastLineWithoutNewline()
    {
        std::string out;
        LineBatch batch;
        auto counts = parse("a.b 1 100\nc.d 2 200", out, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 100\nc.d 2 200\n"), out);
        CPPUNIT_ASSERT_EQUAL(std::string("c.d 2 200"), std::string(batch.points[1].line));
    }

    void crlfAndBlankLines()
    {
        std::string out;
        LineBatch batch;
        auto counts = parse("\n\na.b 1 100\r\n\r\n   \nc.d 2 200\r\n\n", out, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), counts.skippedTotal());
        CPPUNIT_ASSERT(counts.blank >= 4);
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 100\nc.d 2 200\n"), out);
    }

    void viewsPointIntoOutput()
    {
        std::string out;
        LineBatch batch;
        parse("x.y.z 1.5 1700000000\nq -2e3 1700000001\n", out, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), batch.points.size());
        CPPUNIT_ASSERT_EQUAL(std::string("x.y.z"), std::string(batch.points[0].name));
        CPPUNIT_ASSERT_EQUAL(std::string("q"), std::string(batch.points[1].name));
        for (const auto& p : batch.points)
        {
            CPPUNIT_ASSERT(p.line.data() >= out.data() && p.line.data() + p.line.size() <= out.data() + out.size());
            CPPUNIT_ASSERT(p.line.data() + p.line.size() < out.data() + out.size());
            CPPUNIT_ASSERT_EQUAL('\n', *(p.line.data() + p.line.size()));
        }
    }

    void invalidLinesCountedByReason()
    {
        std::string out;
        LineBatch batch;
        auto counts = parse("only two\n"
                            "too many fields here\n"
                            "bad\x01name 1 1\n"
                            "bad\xff\xfe 1 1\n"
                            "n nan 1\n"
                            "n inf 1\n"
                            "n abc 1\n"
                            "n 1 12.5\n"
                            "n 1 now\n"
                            "good 1 1\n",
                            out, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.skipped[static_cast<std::size_t>(SkipReason::FieldCount)]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.skipped[static_cast<std::size_t>(SkipReason::BadName)]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), counts.skipped[static_cast<std::size_t>(SkipReason::BadValue)]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts.skipped[static_cast<std::size_t>(SkipReason::BadTimestamp)]);
        CPPUNIT_ASSERT_EQUAL(std::string("good 1 1\n"), out);
        // Valid multi-byte UTF-8 names pass.
        auto utf8 = parse("m\xc3\xa9trique.\xe2\x82\xac 1 1\n", out, batch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), utf8.accepted);
    }

    void prefixRewritesEveryLine()
    {
        std::string out;
        LineBatch batch;
        parse("a 1 1\nb 2 2", out, batch, "user.");
        CPPUNIT_ASSERT_EQUAL(std::string("user.a 1 1\nuser.b 2 2\n"), out);
        CPPUNIT_ASSERT_EQUAL(std::string("user.b"), std::string(batch.points[1].name));
    }

    void tooLongLinesSkipped()
    {
        std::string out;
        LineBatch batch;
        auto counts = parse(std::string(100, 'x') + " 1 1\nshort 1 1\n", out, batch, {}, 50);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counts.accepted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counts.skipped[static_cast<std::size_t>(SkipReason::TooLong)]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LineParserTest);
