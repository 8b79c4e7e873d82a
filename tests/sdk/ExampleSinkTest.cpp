// ExampleSinkTest.cpp - the pure pieces of examples/out-example: Graphite line
// -> JSON encoding, and size-based file rotation (real files in a temp folder).
#include "JsonPointEncoder.h"
#include "RotatingFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <thread>
#include <vector>

using namespace outexample;

namespace {

std::string json(std::string_view line)
{
    std::string out = "prefix|";
    if (!appendPointJson(line, out))
        return "REJECTED";
    CPPUNIT_ASSERT_EQUAL(std::string("prefix|"), out.substr(0, 7)); // appends, never replaces
    return out.substr(7);
}

std::string readFile(const std::string& path)
{
    if (!Poco::File(path).exists())
        return "<missing>";
    Poco::FileInputStream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

class ExampleSinkTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ExampleSinkTest);
    CPPUNIT_TEST(encodesPoint);
    CPPUNIT_TEST(normalisesNumbersForJson);
    CPPUNIT_TEST(escapesName);
    CPPUNIT_TEST(rejectsMalformedLines);
    CPPUNIT_TEST(rotatesBeforeOverflowKeepingN);
    CPPUNIT_TEST(keepZeroDeletesFullFile);
    CPPUNIT_TEST(appendsToExistingFileAndCountsItsSize);
    CPPUNIT_TEST(concurrentAppendsKeepWholeLines);
    CPPUNIT_TEST(missingFolderThrows);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = Poco::TemporaryFile::tempName();
        Poco::File(_dir).createDirectories();
    }

    void tearDown() override { Poco::File(_dir).remove(true); }

    void encodesPoint()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"a.b.c\",\"value\":1.5,\"timestamp\":1700000000}\n"),
                             json("a.b.c 1.5 1700000000"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"x\",\"value\":-3,\"timestamp\":-1}\n"), json("x -3 -1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"x\",\"value\":2,\"timestamp\":5}\n"), json("  x  2   5 "));
    }

    void normalisesNumbersForJson()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":7,\"timestamp\":1}\n"), json("m +7 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":0.5,\"timestamp\":1}\n"), json("m .5 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":1,\"timestamp\":1}\n"), json("m 1. 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":1000,\"timestamp\":1}\n"), json("m 1e3 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":1e+300,\"timestamp\":1}\n"), json("m 1e300 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"m\",\"value\":0.1,\"timestamp\":12}\n"), json("m 0.1 0012"));
    }

    void escapesName()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"a\\\"b\\\\c\",\"value\":1,\"timestamp\":1}\n"),
                             json("a\"b\\c 1 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"t\\u0001\\u001f\",\"value\":1,\"timestamp\":1}\n"),
                             json("t\x01\x1f 1 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"caf\xc3\xa9\",\"value\":1,\"timestamp\":1}\n"),
                             json("caf\xc3\xa9 1 1"));
    }

    void rejectsMalformedLines()
    {
        for (const char* bad : {"", "a", "a 1", "a 1 2 3", "a x 1", "a nan 1", "a inf 1", "a 1e999 1", "a 1 1.5",
                                "a 1 x", "a 0x10 1"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("REJECTED"), json(bad));
    }

    void rotatesBeforeOverflowKeepingN()
    {
        const std::string path = _dir + "/p.ndjson";
        RotatingFile file(path, 10, 2);
        file.append("aaaa\n", 5);
        file.append("bbbb\n", 5);       // exactly 10: still fits
        file.append("cccc\n", 5);       // would be 15: rotate first
        CPPUNIT_ASSERT_EQUAL(std::string("aaaa\nbbbb\n"), readFile(path + ".1"));
        CPPUNIT_ASSERT_EQUAL(std::string("cccc\n"), readFile(path));
        file.append("dddddddddddd\n", 13); // larger than max: rotates, then written whole
        file.append("eeee\n", 5);
        CPPUNIT_ASSERT_EQUAL(std::string("eeee\n"), readFile(path));
        CPPUNIT_ASSERT_EQUAL(std::string("dddddddddddd\n"), readFile(path + ".1"));
        CPPUNIT_ASSERT_EQUAL(std::string("cccc\n"), readFile(path + ".2"));
        CPPUNIT_ASSERT_EQUAL(std::string("<missing>"), readFile(path + ".3")); // keep = 2
    }

    void keepZeroDeletesFullFile()
    {
        const std::string path = _dir + "/p.ndjson";
        RotatingFile file(path, 8, 0);
        file.append("aaaaaa\n", 7);
        file.append("bbbbbb\n", 7);
        CPPUNIT_ASSERT_EQUAL(std::string("bbbbbb\n"), readFile(path));
        CPPUNIT_ASSERT_EQUAL(std::string("<missing>"), readFile(path + ".1"));
    }

    void appendsToExistingFileAndCountsItsSize()
    {
        const std::string path = _dir + "/p.ndjson";
        {
            Poco::FileOutputStream out(path);
            out << "old1\nold2\n";
        }
        RotatingFile file(path, 12, 1);
        file.open();
        file.append("new\n", 4); // 10 + 4 > 12: the existing content is rotated away
        CPPUNIT_ASSERT_EQUAL(std::string("old1\nold2\n"), readFile(path + ".1"));
        CPPUNIT_ASSERT_EQUAL(std::string("new\n"), readFile(path));
    }

    void concurrentAppendsKeepWholeLines()
    {
        const std::string path = _dir + "/p.ndjson";
        RotatingFile file(path, 0, 0);
        const std::string a(999, 'a'), b(999, 'b');
        std::vector<std::thread> threads;
        for (const std::string* text : {&a, &b})
            threads.emplace_back([&file, text] {
                const std::string line = *text + "\n";
                for (int i = 0; i < 200; ++i)
                    file.append(line.data(), line.size());
            });
        for (auto& t : threads)
            t.join();
        std::istringstream in(readFile(path));
        std::string line;
        int lines = 0;
        while (std::getline(in, line))
        {
            CPPUNIT_ASSERT(line == a || line == b);
            ++lines;
        }
        CPPUNIT_ASSERT_EQUAL(400, lines);
    }

    void missingFolderThrows()
    {
        RotatingFile file(_dir + "/no/such/folder/p.ndjson", 0, 0);
        CPPUNIT_ASSERT_THROW(file.append("x\n", 2), Poco::FileException);
    }

private:
    std::string _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExampleSinkTest);
