// ConsulClient.h - the few Consul HTTP API calls the key store and the
// polymur-keys tool need: KV list (with blocking queries), get, put,
// check-and-set create/update, delete. One request at a time per client;
// interrupt() may be called from any thread to end a blocking request.
#pragma once

#include "ConsulException.h"
#include "ConsulSettings.h"
#include "KvDecoder.h"

#include <Poco/Mutex.h>
#include <Poco/Net/Context.h>
#include <Poco/Timespan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Poco {
namespace Net {
class HTTPClientSession;
}
} // namespace Poco

namespace polymur {
namespace consul {

/// The answer of a recursive KV read.
struct KvListing
{
    std::vector<KvEntry> entries; ///< Sorted by path, as Consul sends them.
    std::uint64_t index = 0;      ///< X-Consul-Index (0 when absent).
    bool found = false;           ///< False when Consul answered 404 (nothing under the prefix).
};

class ConsulClient
{
public:
    /// Throws Poco::Exception when the TLS settings cannot be loaded (e.g. a
    /// missing CA file).
    explicit ConsulClient(const ConsulSettings& settings);
    ~ConsulClient();

    ConsulClient(const ConsulClient&) = delete;
    ConsulClient& operator=(const ConsulClient&) = delete;

    const ConsulSettings& settings() const { return _settings; }

    /// GET /v1/kv/<prefix>?recurse. With waitIndex > 0 this is a blocking
    /// query: Consul answers when the index moves past waitIndex or after
    /// about `wait` (it adds up to wait/16 of jitter).
    KvListing list(const std::string& prefix, std::uint64_t waitIndex = 0, Poco::Timespan wait = 0);

    /// GET /v1/kv/<key>; nullopt when the key does not exist.
    std::optional<KvEntry> get(const std::string& key);

    /// Throws a ConsulException of Kind::Http with status 403 when the token
    /// may not read `key`. Recursive lists are silently filtered by ACLs
    /// (an unreadable prefix looks empty); a single-key read is not.
    void checkReadable(const std::string& key);

    /// PUT /v1/kv/<key>.
    void put(const std::string& key, const std::string& value);

    /// PUT /v1/kv/<key>?cas=<modifyIndex>: 0 creates only if absent, N
    /// updates only if unchanged since N. False when the check failed.
    bool putCas(const std::string& key, const std::string& value, std::uint64_t modifyIndex);

    /// DELETE /v1/kv/<key>?cas=<modifyIndex>. False when the key changed.
    bool removeCas(const std::string& key, std::uint64_t modifyIndex);

    /// Ends the request in progress, or the next one if none is, with a
    /// ConsulException of Kind::Interrupted. Thread-safe, does not block.
    void interrupt();

private:
    struct Response
    {
        int status = 0;
        std::string reason;
        std::string body;
        std::uint64_t index = 0;
    };

    Response perform(const std::string& method, const std::string& pathAndQuery, const std::string* body,
                     Poco::Timespan receiveTimeout);
    Response send(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& pathAndQuery,
                  const std::string* body);
    std::unique_ptr<Poco::Net::HTTPClientSession> makeSession() const;
    using Query = std::vector<std::pair<std::string, std::string>>;
    /// "/v1/kv/<key, percent-encoded>?<query>[&dc=...]"
    std::string kvTarget(const std::string& key, Query query) const;
    ConsulException httpError(const Response& response) const;
    bool decodeBoolAnswer(const Response& response) const;

    void beginRequest(int fd);
    bool endRequest();

    const ConsulSettings _settings;
    Poco::Net::Context::Ptr _tls;

    Poco::FastMutex _mutex;      ///< Guards the three fields below.
    bool _interruptPending = false;
    bool _interrupted = false;   ///< interrupt() ended the request in progress.
    int _activeFd = -1;          ///< dup() of the in-flight request's socket.
};

} // namespace consul
} // namespace polymur
