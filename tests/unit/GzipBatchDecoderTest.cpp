// GzipBatchDecoderTest.cpp - multi-member gzip, malformed input, size limit.
#include "GzipBatchDecoder.h"
#include "TestNet.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class GzipBatchDecoderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GzipBatchDecoderTest);
    CPPUNIT_TEST(singleMember);
    CPPUNIT_TEST(multiMember);
    CPPUNIT_TEST(emptyStream);
    CPPUNIT_TEST(malformed);
    CPPUNIT_TEST(limit);
    CPPUNIT_TEST(reusable);
    CPPUNIT_TEST_SUITE_END();

    GzipBatchDecoder decoder;
    std::string out;

public:
    void singleMember()
    {
        const std::string text = test::makeLines("a", 5000);
        const std::string gz = test::gzip(text);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 1 << 30));
        CPPUNIT_ASSERT(text == out);
    }

    void multiMember()
    {
        const std::string gz = test::gzip("a 1 1\n") + test::gzip("b 2 2\n") + test::gzip("c 3 3");
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
        CPPUNIT_ASSERT_EQUAL(std::string("a 1 1\nb 2 2\nc 3 3"), out);
    }

    void emptyStream()
    {
        const std::string gz = test::gzip("");
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
        CPPUNIT_ASSERT(out.empty());
    }

    void malformed()
    {
        const std::string plain = "a 1 1\n";
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(plain.data(), plain.size(), out, 1 << 20));
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode("", 0, out, 1 << 20));
        const std::string gz = test::gzip(test::makeLines("a", 100));
        const std::string truncated = gz.substr(0, gz.size() / 2);
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(truncated.data(), truncated.size(), out, 1 << 20));
        const std::string trailing = gz + "garbage";
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(trailing.data(), trailing.size(), out, 1 << 20));
    }

    void limit()
    {
        const std::string gz = test::gzip(std::string(1 << 20, '\n'));
        CPPUNIT_ASSERT(DecodeStatus::TooLarge == decoder.decode(gz.data(), gz.size(), out, 1000));
        CPPUNIT_ASSERT(out.size() <= 1001);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
    }

    void reusable()
    {
        const std::string bad = "xx";
        decoder.decode(bad.data(), bad.size(), out, 100);
        const std::string gz = test::gzip("z 1 1\n");
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 100));
        CPPUNIT_ASSERT_EQUAL(std::string("z 1 1\n"), out);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GzipBatchDecoderTest);
