// IngestService.h - what the HTTPS endpoints do: check the API key, read and
// inflate the body, parse the lines, hand the batch to the distributor, and
// answer with the status the polymur-proxy expects.
#pragma once

#include "BatchBufferPool.h"
#include "Distributor.h"
#include "GatewayStats.h"
#include "KeyCache.h"
#include "MemoryBudget.h"
#include "RateLimitedLog.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>

namespace polymur {

struct IngestOptions
{
    std::size_t maxBodyBytes = 32 << 20;      ///< Compressed body limit (413).
    std::size_t maxBatchBytes = 64 << 20;     ///< Inflated batch limit (413).
    std::size_t maxLineLength = 4096;         ///< Longer lines are skipped and counted.
    std::size_t maxPoints = 262144;           ///< More valid lines than a queue holds: 413.
    std::size_t maxInflightBytes = 256 << 20; ///< Budget shared by all requests in flight.
    std::chrono::milliseconds budgetWait{1000}; ///< Wait for budget before answering 503.
    std::size_t bufferPoolBytes = 64 << 20;   ///< Idle batch buffers kept for reuse, at most.
    bool keyPrefix = false;                   ///< Rewrite lines as "<keyname>.<line>".
    bool logBatches = true;                   ///< "[client ...] Recieved batch from NAME".
    int retryAfterSeconds = 5;                ///< Retry-After of a 503.
};

class IngestService
{
public:
    IngestService(KeyCache& keys, Distributor& distributor, GatewayStats& stats, IngestOptions options);

    void ping(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    void ingest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    void notFound(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

    /// The in-flight memory budget (for stats).
    const MemoryBudget& budget() const { return _budget; }
    GatewayStats& stats() { return _stats; }

private:
    /// The key's name, or nothing after answering 401 and closing.
    std::optional<std::string> authenticate(Poco::Net::HTTPServerRequest& request,
                                            Poco::Net::HTTPServerResponse& response, const std::string& client);
    void reply(Poco::Net::HTTPServerResponse& response, int status, const std::string& body, bool keepAlive = true);
    enum class BodyStatus
    {
        Ok,
        TooLarge,
        NoBudget
    };
    /// Read the body into `out`, charging its memory to `lease`.
    BodyStatus readBody(Poco::Net::HTTPServerRequest& request, std::string& out, BudgetLease& lease);
    /// Whether a rate-limited warning may be logged now; first logs how many
    /// were suppressed in the previous window.
    static bool allowLog(RateLimitedLog& log);
    /// After an answer that closes the connection, read and discard up to
    /// `limit` more body bytes (bounded by the request deadline too), so the
    /// client can finish sending and read the answer instead of a reset.
    static void discardBody(Poco::Net::HTTPServerRequest& request, std::size_t limit);
    /// 503 with Retry-After: the in-flight memory budget is exhausted.
    void replyNoBudget(Poco::Net::HTTPServerResponse& response, const std::string& client, const std::string& name,
                       bool keepAlive);

    KeyCache& _keys;
    Distributor& _distributor;
    GatewayStats& _stats;
    const IngestOptions _options;
    MemoryBudget _budget;
    BatchBufferPool _buffers; ///< Inflate buffers, recycled when the queues let go.
    RateLimitedLog _invalidKeyLog{10, std::chrono::seconds(10)};
    RateLimitedLog _badRequestLog{10, std::chrono::seconds(10)};
};

} // namespace polymur
