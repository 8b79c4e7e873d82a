// IngestService.cpp - /ping and /ingest.
#include "IngestService.h"

#include "BatchBufferPool.h"
#include "ClientAddress.h"
#include "GzipBatchDecoder.h"
#include "LineParser.h"

#include <Poco/Logger.h>

#include <istream>

namespace polymur {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("polymur");
}

/// Inflate buffers, recycled once every queue has written them: 64 idle
/// buffers of up to 8 MB (a 5,000-line batch needs ~300 KB).
BatchBufferPool& batchBuffers()
{
    static BatchBufferPool pool(64, 8u << 20);
    return pool;
}

} // namespace

IngestService::IngestService(KeyCache& keys, Distributor& distributor, GatewayStats& stats, IngestOptions options)
    : _keys(keys), _distributor(distributor), _stats(stats), _options(options)
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
    response.send() << body;
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

bool IngestService::readBody(Poco::Net::HTTPServerRequest& request, std::string& out)
{
    out.clear();
    if (request.hasContentLength())
    {
        const auto length = request.getContentLength64();
        if (length > static_cast<Poco::Int64>(_options.maxBodyBytes))
            return false;
        out.reserve(static_cast<std::size_t>(length));
    }
    std::istream& in = request.stream();
    char block[64 * 1024];
    while (in)
    {
        in.read(block, sizeof(block));
        const std::streamsize n = in.gcount();
        if (n <= 0)
            break;
        if (out.size() + static_cast<std::size_t>(n) > _options.maxBodyBytes)
            return false;
        out.append(block, static_cast<std::size_t>(n));
    }
    return true;
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

    thread_local std::string body;
    thread_local GzipBatchDecoder decoder;
    thread_local LineBatch batch;

    std::size_t suppressed = 0;
    if (!readBody(request, body))
    {
        if (_badRequestLog.allow(suppressed))
            logger().warning("[client %s] batch from %s refused: body larger than %z bytes", client, *name,
                             _options.maxBodyBytes);
        reply(response, 413, "Batch Too Large: compressed body over the limit\n", false);
        return;
    }
    _stats.bytesIn += body.size();

    // Inflated straight into the buffer the queues will share; lines are
    // then validated and normalised in place (no copy for a clean batch).
    std::shared_ptr<std::string> buffer = batchBuffers().acquire();
    const DecodeStatus status = decoder.decode(body.data(), body.size(), *buffer, _options.maxBatchBytes);
    if (status != DecodeStatus::Ok)
    {
        const bool tooLarge = status == DecodeStatus::TooLarge;
        if (_badRequestLog.allow(suppressed))
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
    std::string prefix;
    if (_options.keyPrefix)
    {
        prefix = *name + ".";
        parseOptions.prefix = prefix;
    }
    batch.source = *name;
    const ParseCounts counts = parseLinesInPlace(*buffer, parseOptions, batch);
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
            if (_badRequestLog.allow(suppressed))
                logger().warning("[client %s] batch from %s: %z invalid lines skipped", client, *name, skipped);
            reply(response, 200, "Batch Received\nSkipped " + std::to_string(skipped) + " invalid lines\n");
        }
        else
            reply(response, 200, "Batch Received\n");
        return;
    }
    case SubmitResult::BatchTooLarge:
        _stats.countRejected(RejectReason::TooLarge, counts.accepted);
        if (_badRequestLog.allow(suppressed))
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
