// BatchBufferPoolTest.cpp - buffers come back with their memory, the pool
// stays bounded, and a buffer may outlive its pool.
#include "BatchBufferPool.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>
#include <vector>

using namespace polymur;

class BatchBufferPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BatchBufferPoolTest);
    CPPUNIT_TEST(reusesReleasedBuffer);
    CPPUNIT_TEST(boundedCountAndCapacity);
    CPPUNIT_TEST(bufferOutlivesPool);
    CPPUNIT_TEST(concurrentUse);
    CPPUNIT_TEST_SUITE_END();

public:
    void reusesReleasedBuffer()
    {
        BatchBufferPool pool(4, 1 << 20);
        auto first = pool.acquire();
        first->assign(1000, 'x');
        const char* memory = first->data();
        first.reset();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pool.idle());
        auto second = pool.acquire();
        CPPUNIT_ASSERT(memory == second->data());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), second->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool.idle());
    }

    void boundedCountAndCapacity()
    {
        BatchBufferPool pool(2, 4096);
        {
            std::vector<std::shared_ptr<std::string>> held;
            for (int i = 0; i < 5; ++i)
                held.push_back(pool.acquire());
            held[0]->resize(100000); // over the capacity limit: freed, not kept
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), pool.idle());
        for (int i = 0; i < 2; ++i)
            CPPUNIT_ASSERT(pool.acquire()->capacity() <= 4096);
    }

    void bufferOutlivesPool()
    {
        std::shared_ptr<std::string> buffer;
        {
            BatchBufferPool pool(2, 4096);
            buffer = pool.acquire();
            buffer->assign("kept");
        }
        CPPUNIT_ASSERT_EQUAL(std::string("kept"), *buffer);
        buffer.reset(); // must not touch the destroyed pool
    }

    void concurrentUse()
    {
        BatchBufferPool pool(8, 1 << 20);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&pool, t] {
                for (int i = 0; i < 2000; ++i)
                {
                    auto buffer = pool.acquire();
                    buffer->assign(64, static_cast<char>('a' + t));
                    CPPUNIT_ASSERT_EQUAL(std::string(64, static_cast<char>('a' + t)), *buffer);
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT(pool.idle() >= 1 && pool.idle() <= 8);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BatchBufferPoolTest);
