// DestinationWriter.cpp - connect, write, back off, repeat.
#include "DestinationWriter.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <exception>

namespace polymur {

namespace {
Poco::Logger& logger()
{
    return Poco::Logger::get("polymur.output");
}
} // namespace

DestinationWriter::DestinationWriter(Destination destination, OutputSink& sink, DestinationQueue& queue,
                                     WriterOptions options, std::function<void()> onHealthChange)
    : _destination(std::move(destination)), _sink(sink), _queue(queue), _options(options),
      _onHealthChange(std::move(onHealthChange))
{
}

DestinationWriter::~DestinationWriter()
{
    stop();
}

void DestinationWriter::start()
{
    _thread = std::thread([this] { run(); });
}

void DestinationWriter::stop()
{
    _stopping = true;
    _queue.wake();
    _sleepWake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void DestinationWriter::sleepInterruptibly(long ms)
{
    std::unique_lock<std::mutex> lock(_sleepMutex);
    _sleepWake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return _stopping.load(); });
}

bool DestinationWriter::connect()
{
    try
    {
        _connection = _sink.connect(_destination);
        if (!_connection)
            throw std::runtime_error("sink returned no connection");
    }
    catch (const std::exception& e)
    {
        _connection.reset();
        ++_consecutiveFailures;
        if (!_failureLogged)
        {
            logger().warning("[output %s] connect failed: %s (retrying with backoff)", _destination.name,
                             std::string(e.what()));
            _failureLogged = true;
        }
        return false;
    }
    if (_everConnected)
        ++_reconnects;
    _everConnected = true;
    _failureLogged = false;
    _consecutiveFailures = 0;
    _connected = true;
    logger().information("[output %s] connected", _destination.name);
    return true;
}

void DestinationWriter::run()
{
    std::vector<Chunk> chunks;
    std::vector<ConstBuffer> buffers;
    long backoff = _options.reconnectMinMs;
    while (!_stopping)
    {
        if (!_connection)
        {
            const bool ok = connect();
            if (_onHealthChange)
                _onHealthChange();
            if (!ok)
            {
                sleepInterruptibly(backoff);
                backoff = std::min(backoff * 2, _options.reconnectMaxMs);
                continue;
            }
            backoff = _options.reconnectMinMs;
        }
        if (_queue.peek(chunks, _options.maxChunksPerWrite, _options.maxWriteBytes, 200) == 0)
            continue;
        buffers.clear();
        for (const auto& chunk : chunks)
            buffers.push_back({chunk.data->data(), chunk.data->size()});
        try
        {
            _connection->write(buffers.data(), buffers.size());
        }
        catch (const std::exception& e)
        {
            ++_writeErrors;
            logger().warning("[output %s] write failed: %s (reconnecting; the batch will be resent)",
                             _destination.name, std::string(e.what()));
            _connection.reset();
            _connected = false;
            if (_onHealthChange)
                _onHealthChange();
            continue;
        }
        _pointsSent += _queue.popThrough(chunks.back().sequence);
    }
    _connection.reset();
    _connected = false;
}

} // namespace polymur
