// GzipBatchDecoderWholeTest.cpp - the whole-batch path of GzipBatchDecoder
// (libdeflate when built with it) and its hand-over to zlib streaming:
// trailers that lie, sizes at the limit, highly compressible batches.
#include "GzipBatchDecoder.h"
#include "TestNet.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class GzipBatchDecoderWholeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GzipBatchDecoderWholeTest);
    CPPUNIT_TEST(exactLimit);
    CPPUNIT_TEST(trailerClaimsLess);
    CPPUNIT_TEST(trailerClaimsMore);
    CPPUNIT_TEST(highlyCompressible);
    CPPUNIT_TEST(corruptCrc);
    CPPUNIT_TEST(reusedOutputBuffer);
    CPPUNIT_TEST_SUITE_END();

    GzipBatchDecoder decoder;
    std::string out;

    static void setTrailerSize(std::string& gz, std::uint32_t size)
    {
        for (int i = 0; i < 4; ++i)
            gz[gz.size() - 4 + i] = static_cast<char>((size >> (8 * i)) & 0xff);
    }

public:
    void exactLimit()
    {
        const std::string text = test::makeLines("limit", 1000);
        const std::string gz = test::gzip(text);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, text.size()));
        CPPUNIT_ASSERT(text == out);
        CPPUNIT_ASSERT(DecodeStatus::TooLarge == decoder.decode(gz.data(), gz.size(), out, text.size() - 1));
    }

    void trailerClaimsLess()
    {
        std::string gz = test::gzip(test::makeLines("short", 500));
        setTrailerSize(gz, 100);
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
    }

    void trailerClaimsMore()
    {
        // A trailer announcing far more than the limit must not make the
        // decoder allocate it; the stream is judged by what it holds.
        std::string gz = test::gzip(test::makeLines("long", 500));
        setTrailerSize(gz, 0xfffffff0u);
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
        CPPUNIT_ASSERT(out.capacity() < (4u << 20));
    }

    void highlyCompressible()
    {
        // Far beyond the trusted ratio: decoded by streaming, still exact.
        const std::string text(8 << 20, '\n');
        const std::string gz = test::gzip(text);
        CPPUNIT_ASSERT(gz.size() * 64 < text.size());
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 16 << 20));
        CPPUNIT_ASSERT(text == out);
    }

    void corruptCrc()
    {
        std::string gz = test::gzip(test::makeLines("crc", 500));
        gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0x55);
        CPPUNIT_ASSERT(DecodeStatus::Malformed == decoder.decode(gz.data(), gz.size(), out, 1 << 20));
    }

    void reusedOutputBuffer()
    {
        const std::string big = test::makeLines("big", 3000);
        const std::string small = "s 1 1\n";
        const std::string gzBig = test::gzip(big);
        const std::string gzSmall = test::gzip(small);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gzBig.data(), gzBig.size(), out, 1 << 20));
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gzSmall.data(), gzSmall.size(), out, 1 << 20));
        CPPUNIT_ASSERT_EQUAL(small, out);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gzBig.data(), gzBig.size(), out, 1 << 20));
        CPPUNIT_ASSERT(big == out);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GzipBatchDecoderWholeTest);
