// HashRingAllocationTest.cpp - a ring lookup allocates nothing: the global
// operator new is replaced by a counting one (this suite has its own
// executable for that reason) and 60,000 lookups per hash type must not
// call it once the thread's MD5 state exists.
#include "CarbonHashRing.h"
#include "VectorFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

void* countedAlloc(std::size_t size)
{
    if (counting.load(std::memory_order_relaxed))
        allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
} // namespace

void* operator new(std::size_t size) { return countedAlloc(size); }
void* operator new[](std::size_t size) { return countedAlloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace polymur::hashroute;

class HashRingAllocationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HashRingAllocationTest);
    CPPUNIT_TEST(testCounterWorks);
    CPPUNIT_TEST(testLookupDoesNotAllocate);
    CPPUNIT_TEST_SUITE_END();

public:
    /// The counter sees allocations, so a zero below means something.
    void testCounterWorks()
    {
        allocations = 0;
        counting = true;
        auto* probe = new std::string(100, 'x');
        counting = false;
        delete probe;
        CPPUNIT_ASSERT(allocations.load() >= 1);
    }

    void testLookupDoesNotAllocate()
    {
        const auto& names = test::VectorFile::committed().names;
        for (const HashType type : {HashType::CarbonCh, HashType::Fnv1aCh})
        {
            CarbonHashRing ring(type, 100);
            for (const char* instance : {"a", "b", "c", "d"})
                ring.addNode({"127.0.0.1", std::string(instance)});
            std::uint32_t sum = ring.lookup("warm.up"); // creates this thread's MD5 state
            allocations = 0;
            counting = true;
            for (const std::string& name : names)
                sum += ring.lookup(name);
            counting = false;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(hashTypeName(type), std::size_t(0), allocations.load());
            CPPUNIT_ASSERT(sum > 0);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashRingAllocationTest);
