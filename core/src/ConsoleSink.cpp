// ConsoleSink.cpp - writes batches of lines to stdout.
#include "ConsoleSink.h"

#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace polymur {

namespace {

class ConsoleConnection : public SinkConnection
{
public:
    void write(const ConstBuffer* buffers, std::size_t count) override
    {
        static std::mutex mutex;
        std::lock_guard<std::mutex> lock(mutex);
        for (std::size_t i = 0; i < count; ++i)
            if (std::fwrite(buffers[i].data, 1, buffers[i].size, stdout) != buffers[i].size)
                throw std::runtime_error("write to stdout failed");
        std::fflush(stdout);
    }
};

} // namespace

std::unique_ptr<SinkConnection> ConsoleSink::connect(const Destination&)
{
    return std::make_unique<ConsoleConnection>();
}

} // namespace polymur
