// IngestService.h - what the HTTPS endpoints do: check the API key, read and
// inflate the body, parse the lines, hand the batch to the distributor, and
// answer with the status the polymur-proxy expects.
#pragma once

#include "Distributor.h"
#include "GatewayStats.h"
#include "KeyCache.h"
#include "RateLimitedLog.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>

namespace polymur {

struct IngestOptions
{
    std::size_t maxBodyBytes = 32 << 20;      ///< Compressed body limit (413).
    std::size_t maxBatchBytes = 256 << 20;    ///< Inflated batch limit (413).
    std::size_t maxLineLength = 4096;         ///< Longer lines are skipped and counted.
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

    GatewayStats& stats() { return _stats; }

private:
    /// The key's name, or nothing after answering 401 and closing.
    std::optional<std::string> authenticate(Poco::Net::HTTPServerRequest& request,
                                            Poco::Net::HTTPServerResponse& response, const std::string& client);
    void reply(Poco::Net::HTTPServerResponse& response, int status, const std::string& body, bool keepAlive = true);
    /// Read the body into `out`; false when it exceeds the limit.
    bool readBody(Poco::Net::HTTPServerRequest& request, std::string& out);

    KeyCache& _keys;
    Distributor& _distributor;
    GatewayStats& _stats;
    const IngestOptions _options;
    RateLimitedLog _invalidKeyLog{10, std::chrono::seconds(10)};
    RateLimitedLog _badRequestLog{10, std::chrono::seconds(10)};
};

} // namespace polymur
