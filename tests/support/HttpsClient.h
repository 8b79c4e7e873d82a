// HttpsClient.h - the test side of the polymur wire protocol: POSTs to the
// gateway over HTTPS with an X-polymur-key header, like polymur-proxy does.
#pragma once

#include <Poco/Net/Context.h>

#include <map>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPSClientSession;
}

namespace polymur::test {

struct HttpResult
{
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    bool keepAlive = true; ///< False when the server said "Connection: close".
};

class HttpsClient
{
public:
    /// A keep-alive session to https://127.0.0.1:`port`.
    explicit HttpsClient(int port);
    ~HttpsClient();

    /// POST `body` to `path` with the key header (omitted when `key` is empty).
    HttpResult post(const std::string& path, const std::string& body, const std::string& key);
    HttpResult request(const std::string& method, const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers);

private:
    std::unique_ptr<Poco::Net::HTTPSClientSession> _session;
};

/// The tests' TLS client context (certificates not verified: the gateway
/// under test uses a throwaway self-signed certificate).
Poco::Net::Context::Ptr testClientContext();

/// Send one raw HTTPS request on a fresh TLS connection and report whether
/// the server closed the connection after its answer (EOF within 2 s).
/// `statusOut` receives the status code.
bool serverClosesAfter(int port, const std::string& rawRequest, int& statusOut);

} // namespace polymur::test
