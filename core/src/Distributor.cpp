// Distributor.cpp - destination lifecycle, routing and admission.
#include "Distributor.h"

#include "DestinationSpec.h"
#include "SlotRouteBuilder.h"

#include <Poco/Logger.h>

#include <thread>

namespace polymur {

struct Distributor::Runtime
{
    Runtime(Destination d, std::size_t capPoints, std::size_t capBytes)
        : destination(std::move(d)), queue(capPoints, capBytes), registered(std::chrono::system_clock::now())
    {
    }

    Destination destination;
    DestinationQueue queue;
    std::unique_ptr<DestinationWriter> writer;
    std::atomic<std::uint64_t> dropped{0};
    std::atomic<bool> member{true};
    std::chrono::system_clock::time_point registered;
};

namespace {
Poco::Logger& logger()
{
    return Poco::Logger::get("polymur");
}
} // namespace

Distributor::Distributor(DistributionPolicy& policy, OutputSink& sink, OutputSink* console, DistributorOptions options)
    : _policy(policy), _sink(sink), _console(console), _options(options)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    updatePolicyLocked();
}

Distributor::~Distributor()
{
    shutdown(std::chrono::milliseconds(0));
}

SubmitResult Distributor::submit(const LineBatch& batch, const std::shared_ptr<const std::string>& buffer)
{
    if (batch.points.empty())
        return SubmitResult::Queued;
    thread_local SlotRouteBuilder builder;
    std::shared_lock<std::shared_mutex> lock(_mutex);
    const std::size_t slots = _slots.size();
    builder.reset(slots, buffer->size());
    if (slots > 0)
        _policy.route(batch, builder);

    // The chunk each slot receives (empty = nothing for it).
    thread_local std::vector<Chunk> chunks;
    chunks.assign(slots, Chunk());
    std::size_t routed = 0;
    for (std::size_t slot = 0; slot < slots; ++slot)
    {
        if (builder.all())
        {
            chunks[slot].data = buffer;
            chunks[slot].points = static_cast<std::uint32_t>(batch.points.size());
        }
        else if (builder.count(slot) > 0)
        {
            chunks[slot].data = std::make_shared<const std::string>(builder.take(slot));
            chunks[slot].points = static_cast<std::uint32_t>(builder.count(slot));
        }
        routed += chunks[slot].points;
    }
    if (routed == 0)
        return SubmitResult::NoDestination;

    for (std::size_t slot = 0; slot < slots; ++slot)
        if (chunks[slot].data && !_slots[slot]->queue.fitsEver(chunks[slot].points, chunkBytes(chunks[slot])))
            return SubmitResult::BatchTooLarge;

    std::size_t reserved = 0;
    for (; reserved < slots; ++reserved)
    {
        Chunk& chunk = chunks[reserved];
        if (!chunk.data)
            continue;
        if (!_slots[reserved]->queue.tryReserve(chunk.points, chunkBytes(chunk)))
        {
            if (_options.dropOnOverflow)
            {
                _slots[reserved]->dropped += chunk.points;
                chunk.data.reset();
                continue;
            }
            break;
        }
    }
    if (reserved < slots)
    {
        for (std::size_t slot = 0; slot < reserved; ++slot)
            if (chunks[slot].data)
                _slots[slot]->queue.release(chunks[slot].points, chunkBytes(chunks[slot]));
        chunks.clear();
        return SubmitResult::QueueFull;
    }
    for (std::size_t slot = 0; slot < slots; ++slot)
        if (chunks[slot].data)
            _slots[slot]->queue.pushReserved(std::move(chunks[slot]));
    chunks.clear();
    return SubmitResult::Queued;
}

bool Distributor::addDestination(const std::string& spec, std::string& error)
{
    Destination destination;
    if (!parseDestination(spec, destination, error))
        return false;
    std::shared_ptr<Runtime> runtime;
    {
        std::unique_lock<std::shared_mutex> lock(_mutex);
        for (const auto& slot : _slots)
        {
            if (slot->destination.name == destination.name)
            {
                error = "destination already registered: " + destination.name;
                return false;
            }
        }
        destination.id = _nextId++;
        runtime = std::make_shared<Runtime>(destination, _options.queueCapacityPoints, _options.queueCapacityBytes);
        OutputSink& sink = (destination.name == "console" && _console) ? *_console : _sink;
        runtime->writer = std::make_unique<DestinationWriter>(destination, sink, runtime->queue, _options.writer,
                                                              [this] { onHealthChange(); });
        _slots.push_back(runtime);
        try
        {
            updatePolicyLocked();
        }
        catch (const std::exception& e)
        {
            // The policy refuses this set (e.g. two destinations on one ring
            // node): take the new one out again and report why.
            _slots.pop_back();
            updatePolicyLocked();
            error = e.what();
            return false;
        }
    }
    runtime->writer->start();
    logger().information("Registered destination: %s", destination.name);
    return true;
}

bool Distributor::removeDestination(const std::string& name, std::string& error)
{
    std::shared_ptr<Runtime> removed;
    {
        std::unique_lock<std::shared_mutex> lock(_mutex);
        for (auto it = _slots.begin(); it != _slots.end(); ++it)
        {
            if ((*it)->destination.name == name)
            {
                removed = *it;
                _slots.erase(it);
                break;
            }
        }
        if (!removed)
        {
            error = "destination not registered: " + name;
            return false;
        }
        updatePolicyLocked();
    }
    removed->writer->stop();
    std::size_t dropped = 0;
    {
        std::unique_lock<std::shared_mutex> lock(_mutex);
        if (_policy.redistributesQueued() && !_slots.empty())
            redistributeLocked(*removed);
        dropped = removed->queue.points();
        removed->queue.takeAll();
    }
    _droppedRemoved += dropped + removed->dropped;
    if (dropped)
        logger().warning("Dropped %z queued points of removed destination %s", dropped, name);
    logger().information("Unregistered destination: %s", name);
    return true;
}

void Distributor::onHealthChange()
{
    if (_shuttingDown)
        return;
    std::unique_lock<std::shared_mutex> lock(_mutex);
    try
    {
        updatePolicyLocked();
    }
    catch (const std::exception& e)
    {
        logger().error("Distribution policy refused a health update: %s", std::string(e.what()));
    }
}

void Distributor::updatePolicyLocked()
{
    std::vector<DestinationState> states;
    states.reserve(_slots.size());
    for (const auto& slot : _slots)
    {
        DestinationState state;
        state.destination = slot->destination;
        if (slot->writer)
        {
            state.connected = slot->writer->connected();
            state.consecutiveFailures = slot->writer->consecutiveFailures();
        }
        states.push_back(std::move(state));
    }
    _policy.update(states);
    for (std::size_t i = 0; i < _slots.size(); ++i)
    {
        Runtime& runtime = *_slots[i];
        const bool member = _policy.isMember(i);
        if (runtime.member.exchange(member) != member)
            logger().warning("Destination %s %s the distribution", runtime.destination.name,
                             std::string(member ? "rejoined" : "left"));
        if (!member && _policy.redistributesQueued())
            redistributeLocked(runtime);
    }
}

void Distributor::redistributeLocked(Runtime& from)
{
    std::deque<Chunk> queued = from.queue.takeAll();
    if (queued.empty())
        return;
    std::size_t moved = 0;
    SlotRouteBuilder builder;
    LineBatch batch;
    for (const Chunk& chunk : queued)
    {
        viewLines(*chunk.data, batch);
        builder.reset(_slots.size(), chunk.data->size());
        _policy.route(batch, builder);
        std::size_t routed = 0;
        for (std::size_t slot = 0; slot < _slots.size(); ++slot)
        {
            if (_slots[slot].get() == &from)
                continue;
            Chunk out;
            if (builder.all())
            {
                out.data = chunk.data;
                out.points = chunk.points;
            }
            else if (builder.count(slot) > 0)
            {
                out.points = static_cast<std::uint32_t>(builder.count(slot));
                out.data = std::make_shared<const std::string>(builder.take(slot));
            }
            else
                continue;
            routed += out.points;
            _slots[slot]->queue.pushForced(std::move(out));
        }
        if (routed == 0)
        {
            // Nowhere to go: keep the points where they were.
            from.queue.pushForced(chunk);
        }
        else
            moved += chunk.points;
    }
    if (moved)
        logger().warning("Redistributed %z queued points of %s to the remaining destinations", moved,
                         from.destination.name);
}

std::vector<DestinationStatus> Distributor::status() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::vector<DestinationStatus> result;
    for (const auto& slot : _slots)
    {
        DestinationStatus s;
        s.name = slot->destination.name;
        s.connected = slot->writer && slot->writer->connected();
        s.member = slot->member;
        s.queuePoints = slot->queue.points();
        s.queueBytes = slot->queue.bytes();
        s.capacityPoints = slot->queue.capacityPoints();
        s.capacityBytes = slot->queue.capacityBytes();
        s.sent = slot->writer ? slot->writer->pointsSent() : 0;
        s.dropped = slot->dropped;
        s.reconnects = slot->writer ? slot->writer->reconnects() : 0;
        s.writeErrors = slot->writer ? slot->writer->writeErrors() : 0;
        s.registered = slot->registered;
        result.push_back(s);
    }
    return result;
}

std::vector<std::string> Distributor::names() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::vector<std::string> result;
    for (const auto& slot : _slots)
        result.push_back(slot->destination.name);
    return result;
}

std::size_t Distributor::queuedPoints() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::size_t total = 0;
    for (const auto& slot : _slots)
        total += slot->queue.points();
    return total;
}

std::uint64_t Distributor::droppedPoints() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::uint64_t total = _droppedRemoved;
    for (const auto& slot : _slots)
        total += slot->dropped;
    return total;
}

std::size_t Distributor::shutdown(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && queuedPoints() > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    _shuttingDown = true;
    std::vector<std::shared_ptr<Runtime>> slots;
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        slots = _slots;
    }
    for (auto& slot : slots)
        if (slot->writer)
            slot->writer->stop();
    std::size_t left = 0;
    for (auto& slot : slots)
        left += slot->queue.points();
    return left;
}

} // namespace polymur
