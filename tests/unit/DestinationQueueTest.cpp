// DestinationQueueTest.cpp - reservations, capacity, peek/pop and take-all.
#include "DestinationQueue.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

namespace {
Chunk chunk(const std::string& text, std::uint32_t points)
{
    Chunk c;
    c.data = std::make_shared<const std::string>(text);
    c.points = points;
    return c;
}
} // namespace

class DestinationQueueTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DestinationQueueTest);
    CPPUNIT_TEST(capacityInPointsAndBytes);
    CPPUNIT_TEST(peekThenPop);
    CPPUNIT_TEST(takeAllEmpties);
    CPPUNIT_TEST_SUITE_END();

public:
    void capacityInPointsAndBytes()
    {
        DestinationQueue q(10, 100);
        CPPUNIT_ASSERT(q.tryReserve(6, 10));
        CPPUNIT_ASSERT(!q.tryReserve(5, 10));
        CPPUNIT_ASSERT(q.tryReserve(4, 10));
        q.release(4, 10);
        CPPUNIT_ASSERT(!q.tryReserve(1, 95));
        CPPUNIT_ASSERT(!q.fitsEver(11, 1));
        CPPUNIT_ASSERT(q.fitsEver(10, 100));
    }

    void peekThenPop()
    {
        DestinationQueue q(100, 1000);
        for (int i = 0; i < 3; ++i)
        {
            Chunk c = chunk("a\nb\n", 2);
            CPPUNIT_ASSERT(q.tryReserve(2, chunkBytes(c))); // queues count buffer capacity
            q.pushReserved(c);
        }
        std::vector<Chunk> out;
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), q.peek(out, 2, 1000, 0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), q.points()); // peek removes nothing
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), q.popThrough(out.back().sequence));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), q.points());
        // Room freed by the pop can be reserved again.
        CPPUNIT_ASSERT(q.tryReserve(98, 10));
    }

    void takeAllEmpties()
    {
        DestinationQueue q(10, 1000);
        Chunk c = chunk("a\nb\n", 5);
        CPPUNIT_ASSERT(q.tryReserve(5, chunkBytes(c)));
        q.pushReserved(c);
        q.pushForced(chunk("c\n", 9)); // beyond capacity: redistribution
        CPPUNIT_ASSERT_EQUAL(std::size_t(14), q.points());
        auto all = q.takeAll();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), all.size());
        CPPUNIT_ASSERT(q.empty());
        CPPUNIT_ASSERT(q.tryReserve(10, 10));
        // A stale pop after take-all removes nothing.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), q.popThrough(all.back().sequence));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DestinationQueueTest);
