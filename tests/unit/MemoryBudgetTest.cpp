// MemoryBudgetTest.cpp - the in-flight byte budget, and the decoder and
// parser charging it: a gzip bomb holds at most its limit, a lease gives
// everything back, the parser never allocates more than it declared.
#include "GzipBatchDecoder.h"
#include "LineParser.h"
#include "MemoryBudget.h"
#include "TestNet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

#include <zlib.h>

using namespace polymur;
using namespace std::chrono_literals;

namespace {

/// `bytes` of '\n' as one gzip member, built with zlib in bounded memory.
std::string zeros(std::size_t bytes)
{
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_RLE);
    const std::string block(1 << 20, '\n');
    std::string out;
    char buffer[1 << 16];
    std::size_t left = bytes;
    do
    {
        const std::size_t n = std::min(left, block.size());
        left -= n;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
        z.avail_in = static_cast<uInt>(n);
        do
        {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof(buffer);
            deflate(&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
            out.append(buffer, sizeof(buffer) - z.avail_out);
        } while (z.avail_out == 0);
    } while (left > 0);
    deflateEnd(&z);
    return out;
}

} // namespace

class MemoryBudgetTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MemoryBudgetTest);
    CPPUNIT_TEST(acquireAndRelease);
    CPPUNIT_TEST(waitsForReleasedBytes);
    CPPUNIT_TEST(leaseGivesEverythingBack);
    CPPUNIT_TEST(reserveKeptForSmallRequests);
    CPPUNIT_TEST(decoderChargesItsOutput);
    CPPUNIT_TEST(decoderRefusesWithoutBudget);
    CPPUNIT_TEST(bombStopsAtTheLimit);
    CPPUNIT_TEST(parserStopsBeyondMaxPoints);
    CPPUNIT_TEST(parserStaysWithinItsBound);
    CPPUNIT_TEST_SUITE_END();

public:
    void acquireAndRelease()
    {
        MemoryBudget budget(100, 0);
        CPPUNIT_ASSERT(budget.acquire(60, 0ms));
        CPPUNIT_ASSERT(!budget.acquire(41, 0ms));
        CPPUNIT_ASSERT(budget.acquire(40, 0ms));
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), budget.inUse());
        budget.release(100);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), budget.inUse());
        CPPUNIT_ASSERT(!budget.acquire(101, 1000ms)); // never fits: no wait
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), budget.highWater());
    }

    void waitsForReleasedBytes()
    {
        MemoryBudget budget(100, 0);
        CPPUNIT_ASSERT(budget.acquire(100, 0ms));
        std::thread releaser([&] {
            std::this_thread::sleep_for(50ms);
            budget.release(50);
        });
        CPPUNIT_ASSERT(budget.acquire(50, 5000ms));
        releaser.join();
        CPPUNIT_ASSERT(!budget.acquire(1, 20ms));
    }

    void leaseGivesEverythingBack()
    {
        MemoryBudget budget(100, 0);
        {
            BudgetLease lease(budget, 0ms);
            CPPUNIT_ASSERT(lease.take(30));
            CPPUNIT_ASSERT(lease.take(30));
            CPPUNIT_ASSERT(!lease.take(50));
            CPPUNIT_ASSERT_EQUAL(std::size_t(60), lease.held());
            lease.give(10);
            CPPUNIT_ASSERT_EQUAL(std::size_t(50), budget.inUse());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), budget.inUse());
    }

    void reserveKeptForSmallRequests()
    {
        MemoryBudget budget(1600, 160); // small request: at most 10 bytes
        BudgetLease large(budget, 0ms);
        CPPUNIT_ASSERT(large.take(1440));
        CPPUNIT_ASSERT(!large.take(1)); // the reserve is not for large ones
        BudgetLease small(budget, 0ms);
        CPPUNIT_ASSERT(small.take(6));
        CPPUNIT_ASSERT(small.take(4));
        CPPUNIT_ASSERT(!small.take(1)); // no longer small
        CPPUNIT_ASSERT_EQUAL(std::size_t(1450), budget.inUse());
    }

    void decoderChargesItsOutput()
    {
        MemoryBudget budget(64 << 20);
        GzipBatchDecoder decoder;
        const std::string text = polymur::test::makeLines("charge", 20000);
        const std::string gz = polymur::test::gzip(text);
        std::string out;
        BudgetLease lease(budget, 0ms);
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(gz.data(), gz.size(), out, 32 << 20, &lease));
        CPPUNIT_ASSERT(out == text);
        // Charged at least what the buffer holds, and not more than twice it.
        CPPUNIT_ASSERT(lease.held() >= out.capacity());
        CPPUNIT_ASSERT(lease.held() <= 2 * out.capacity());
    }

    void decoderRefusesWithoutBudget()
    {
        MemoryBudget budget(100 << 10);
        GzipBatchDecoder decoder;
        const std::string gz = polymur::test::gzip(polymur::test::makeLines("big", 50000));
        std::string out;
        {
            BudgetLease lease(budget, 0ms);
            CPPUNIT_ASSERT(DecodeStatus::NoBudget == decoder.decode(gz.data(), gz.size(), out, 32 << 20, &lease));
            CPPUNIT_ASSERT(lease.held() <= budget.capacity());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), budget.inUse());
        // The decoder is reusable afterwards.
        const std::string small = polymur::test::gzip("a.b 1 1\n");
        CPPUNIT_ASSERT(DecodeStatus::Ok == decoder.decode(small.data(), small.size(), out, 1 << 20));
        CPPUNIT_ASSERT_EQUAL(std::string("a.b 1 1\n"), out);
    }

    void bombStopsAtTheLimit()
    {
        // 256 MiB inflated from ~256 KiB (the e2e test uses more than 1 GiB).
        const std::string bomb = zeros(std::size_t(256) << 20);
        CPPUNIT_ASSERT(bomb.size() < (1u << 20));
        MemoryBudget budget(64 << 20);
        GzipBatchDecoder decoder;
        std::string out;
        BudgetLease lease(budget, 0ms);
        const auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(DecodeStatus::TooLarge == decoder.decode(bomb.data(), bomb.size(), out, 8 << 20, &lease));
        CPPUNIT_ASSERT(out.capacity() <= (16u << 20));
        CPPUNIT_ASSERT(budget.highWater() <= (32u << 20));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < 2s);
    }

    void parserStopsBeyondMaxPoints()
    {
        std::string text;
        for (int i = 0; i < 11; ++i)
            text += "a.b 1 1\n";
        LineParserOptions options;
        options.maxPoints = 10;
        std::string output;
        LineBatch batch;
        const ParseCounts counts = parseLines(text, options, output, batch);
        CPPUNIT_ASSERT(counts.overLimit);
        options.maxPoints = 11;
        CPPUNIT_ASSERT(!parseLines(text, options, output, batch).overLimit);
        CPPUNIT_ASSERT_EQUAL(std::size_t(11), batch.points.size());
    }

    void parserStaysWithinItsBound()
    {
        // Many blank lines with a long prefix used to reserve per newline.
        const std::string blanks(1 << 20, '\n');
        LineParserOptions options;
        options.prefix = "a-rather-long-key-name.";
        options.maxPoints = 1000;
        const std::size_t bound = parseMemoryBound(blanks, options);
        CPPUNIT_ASSERT(bound <= blanks.size() + 1000 * (options.prefix.size() + 1 + 2 * sizeof(PointView)));
        std::string output;
        LineBatch batch;
        parseLines(blanks, options, output, batch);
        CPPUNIT_ASSERT(output.capacity() + batch.points.capacity() * sizeof(PointView) <= bound + 64);

        const std::string lines = polymur::test::makeLines("bound", 3000);
        options.maxPoints = 0;
        const std::size_t lineBound = parseMemoryBound(lines, options);
        std::string freshOutput;
        LineBatch freshBatch;
        const ParseCounts counts = parseLines(lines, options, freshOutput, freshBatch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3000), counts.accepted);
        CPPUNIT_ASSERT(freshOutput.capacity() + freshBatch.points.capacity() * sizeof(PointView) <= lineBound + 64);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MemoryBudgetTest);
