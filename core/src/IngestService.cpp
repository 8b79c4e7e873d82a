// IngestService.cpp - /ping and /ingest.
#include "IngestService.h"

#include "BatchBufferPool.h"
#include "ClientAddress.h"
#include "GzipBatchDecoder.h"
#include "LineParser.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <istream>

namespace polymur {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("polymur");
}

/// Idle inflate buffers kept for reuse: 64 of up to bufferPoolBytes / 64
/// each (1 MiB by default; a 5,000-line batch needs ~300 KB).
constexpr std::size_t kPooledBuffers = 64;

} // namespace

IngestService::IngestService(KeyCache& keys, Distributor& distributor, GatewayStats& stats, IngestOptions options)
    : _keys(keys),
      _distributor(distributor),
      _stats(stats),
      _options(options),
      _budget(options.maxInflightBytes),
      _buffers(kPooledBuffers, options.bufferPoolBytes / kPooledBuffers)
{
}

void IngestService::reply(Poco::Net::HTTPServerResponse& response, int status, const std::string& body, bool keepAlive)
{
    _stats.countResponse(status);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("text/plain; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!keepAlive)
        response.setKeepAlive(false);
    std::ostream& out = response.send();
    out << body;
    out.flush(); // on the wire before the handler returns (the connection may be closed when idle)
}

std::optional<std::string> IngestService::authenticate(Poco::Net::HTTPServerRequest& request,
                                                       Poco::Net::HTTPServerResponse& response,
                                                       const std::string& client)
{
    const std::string key = request.get("X-Polymur-Key", "");
    auto name = key.empty() ? std::nullopt : _keys.lookup(key);
    if (name)
        return name;
    ++_stats.invalidKeys;
    std::size_t suppressed = 0;
    if (_invalidKeyLog.allow(suppressed))
    {
        if (suppressed)
            logger().warning("%z invalid-key messages suppressed", suppressed);
        if (key.empty())
            logger().warning("[client %s] request without X-Polymur-Key header", client);
        else
            logger().warning("[client %s] key %s is not a valid key", client, keyFingerprint(key));
    }
    reply(response, 401, "invalid key", false);
    discardBody(request, 1 << 20);
    return std::nullopt;
}

void IngestService::ping(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    const std::string client = clientAddress(request);
    auto name = authenticate(request, response, client);
    if (!name)
        return;
    logger().information("[client %s] key for %s is valid", client, *name);
    reply(response, 200, "key is valid\n");
}

IngestService::BodyStatus IngestService::readBody(Poco::Net::HTTPServerRequest& request, std::string& out,
                                                  BudgetLease& lease)
{
    out.clear();
    if (request.hasContentLength())
    {
        const auto length = request.getContentLength64();
        if (length > static_cast<Poco::Int64>(_options.maxBodyBytes))
            return BodyStatus::TooLarge;
        if (length > 0)
        {
            if (!lease.take(static_cast<std::size_t>(length)))
                return BodyStatus::NoBudget;
            out.reserve(static_cast<std::size_t>(length));
        }
    }
    std::size_t charged = out.capacity();
    std::istream& in = request.stream();
    char block[64 * 1024];
    while (in)
    {
        in.read(block, sizeof(block));
        const std::streamsize n = in.gcount();
        if (n <= 0)
            break;
        const std::size_t need = out.size() + static_cast<std::size_t>(n);
        if (need > _options.maxBodyBytes)
            return BodyStatus::TooLarge;
        if (need > out.capacity())
        {
            // Chunked body (or longer than declared): charge the grown buffer.
            const std::size_t allocation = std::max(need, 2 * out.capacity());
            if (!lease.take(allocation))
                return BodyStatus::NoBudget;
            out.reserve(allocation);
            lease.give(charged);
            charged = allocation;
        }
        out.append(block, static_cast<std::size_t>(n));
    }
    return BodyStatus::Ok;
}

bool IngestService::allowLog(RateLimitedLog& log)
{
    std::size_t suppressed = 0;
    if (!log.allow(suppressed))
        return false;
    if (suppressed)
        logger().warning("%z similar messages suppressed (rate limit)", suppressed);
    return true;
}

void IngestService::discardBody(Poco::Net::HTTPServerRequest& request, std::size_t limit)
{
    try
    {
        std::istream& in = request.stream();
        char block[16 * 1024];
        std::size_t discarded = 0;
        while (in && discarded < limit)
        {
            in.read(block, sizeof(block));
            if (in.gcount() <= 0)
                break;
            discarded += static_cast<std::size_t>(in.gcount());
        }
    }
    catch (const Poco::Exception&)
    {
        // The client went away: nothing left to do.
    }
}

void IngestService::replyNoBudget(Poco::Net::HTTPServerResponse& response, const std::string& client,
                                  const std::string& name, bool keepAlive)
{
    ++_stats.budgetRefusals;
    if (allowLog(_badRequestLog))
        logger().warning("[client %s] batch from %s refused: in-flight memory budget of %z bytes exhausted", client,
                         name, _budget.capacity());
    response.set("Retry-After", std::to_string(_options.retryAfterSeconds));
    reply(response, 503, "Service Unavailable: gateway busy, retry later\n", keepAlive);
}

void IngestService::ingest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    const std::string client = clientAddress(request);
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_POST)
    {
        response.set("Allow", "POST");
        reply(response, 405, "Method Not Allowed: use POST\n", false);
        return;
    }
    auto name = authenticate(request, response, client);
    if (!name)
        return;
    ++_stats.batches;

    // Every byte the request's buffers hold is charged to the in-flight
    // budget before it is allocated.
    thread_local GzipBatchDecoder decoder;
    BudgetLease lease(_budget, _options.budgetWait);
    std::string body;

    switch (readBody(request, body, lease))
    {
    case BodyStatus::Ok:
        break;
    case BodyStatus::TooLarge:
        if (allowLog(_badRequestLog))
            logger().warning("[client %s] batch from %s refused: body larger than %z bytes", client, *name,
                             _options.maxBodyBytes);
        reply(response, 413, "Batch Too Large: compressed body over the limit\n", false);
        discardBody(request, _options.maxBodyBytes);
        return;
    case BodyStatus::NoBudget:
        // The body was not read to its end: the connection cannot be reused.
        replyNoBudget(response, client, *name, false);
        discardBody(request, _options.maxBodyBytes);
        return;
    }
    _stats.bytesIn += body.size();

    // Inflated straight into the buffer the queues will share; lines are
    // then validated and normalised in place (no copy for a clean batch).
    const std::size_t bodyCharge = lease.held();
    std::shared_ptr<std::string> buffer = _buffers.acquire();
    const DecodeStatus status = decoder.decode(body.data(), body.size(), *buffer, _options.maxBatchBytes, &lease);
    std::string().swap(body);
    lease.give(bodyCharge);
    if (status != DecodeStatus::Ok)
    {
        if (status == DecodeStatus::NoBudget)
        {
            replyNoBudget(response, client, *name, true);
            return;
        }
        const bool tooLarge = status == DecodeStatus::TooLarge;
        if (allowLog(_badRequestLog))
            logger().warning("[client %s] batch from %s refused: %s", client, *name,
                             std::string(tooLarge ? "inflated batch over the limit" : "not a valid gzip stream"));
        if (tooLarge)
            reply(response, 413, "Batch Too Large: decompressed batch over the limit\n");
        else
            reply(response, 400, "Batch Malformed\n");
        return;
    }
    _stats.bytesInflated += buffer->size();

    LineParserOptions parseOptions;
    parseOptions.maxLineLength = _options.maxLineLength;
    parseOptions.maxPoints = _options.maxPoints;
    std::string prefix;
    if (_options.keyPrefix)
    {
        prefix = *name + ".";
        parseOptions.prefix = prefix;
    }
    // Queues count a buffer's capacity: a recycled buffer much larger than
    // this batch is trimmed first (before parsing: points view into it).
    if (buffer->capacity() > buffer->size() + buffer->size() / 4 + (64 << 10))
        buffer->shrink_to_fit();
    if (!lease.take(parseMemoryBound(*buffer, parseOptions)))
    {
        replyNoBudget(response, client, *name, true);
        return;
    }
    LineBatch batch;
    batch.source = *name;
    const ParseCounts counts = parseLinesInPlace(*buffer, parseOptions, batch);
    if (counts.overLimit)
    {
        _stats.countRejected(RejectReason::TooLarge, counts.accepted);
        if (allowLog(_badRequestLog))
            logger().warning("[client %s] batch from %s refused: more than %z points (a destination queue's capacity)",
                             client, *name, _options.maxPoints);
        reply(response, 413, "Batch Too Large: more points than a destination queue holds\n");
        return;
    }
    _stats.countSkipped(counts);
    _stats.pointsReceived += counts.accepted;
    if (_options.logBatches)
        logger().information("[client %s] Recieved batch from %s", client, *name);

    const SubmitResult result = _distributor.submit(batch, buffer);
    batch.points.clear();
    switch (result)
    {
    case SubmitResult::Queued:
    {
        _stats.pointsQueued += counts.accepted;
        const std::size_t skipped = counts.skippedTotal();
        if (skipped)
        {
            response.set("X-Polymur-Skipped", std::to_string(skipped));
            if (allowLog(_badRequestLog))
                logger().warning("[client %s] batch from %s: %z invalid lines skipped", client, *name, skipped);
            reply(response, 200, "Batch Received\nSkipped " + std::to_string(skipped) + " invalid lines\n");
        }
        else
            reply(response, 200, "Batch Received\n");
        return;
    }
    case SubmitResult::BatchTooLarge:
        _stats.countRejected(RejectReason::TooLarge, counts.accepted);
        if (allowLog(_badRequestLog))
            logger().warning("[client %s] batch from %s refused: %z points exceed a destination queue's capacity",
                             client, *name, counts.accepted);
        reply(response, 413, "Batch Too Large: more points than a destination queue holds\n");
        return;
    case SubmitResult::QueueFull:
    case SubmitResult::NoDestination:
        _stats.countRejected(result == SubmitResult::QueueFull ? RejectReason::QueueFull : RejectReason::NoDestination,
                             counts.accepted);
        response.set("Retry-After", std::to_string(_options.retryAfterSeconds));
        reply(response, 503,
              result == SubmitResult::QueueFull ? "Service Unavailable: destination queue full, retry later\n"
                                                : "Service Unavailable: no destination available\n");
        return;
    }
}

void IngestService::notFound(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response)
{
    reply(response, 404, "Not Found\n");
}

} // namespace polymur
