// ConsulClient.cpp - Consul HTTP API calls over Poco::Net (HTTP or HTTPS).
//
// Interrupting a blocking request: once connected, the request's socket is
// registered as a dup()ed descriptor; interrupt() shuts that descriptor down
// (shutdown() acts on the socket shared by both descriptors), which makes the
// blocked read return at once. Owning the duplicate means its number can
// never be reused by an unrelated socket while it is registered.
#include "ConsulClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <sys/socket.h>
#include <unistd.h>

#include <istream>
#include <memory>

namespace polymur {
namespace consul {

namespace {

constexpr std::size_t kMaxBody = 64 * 1024 * 1024;

/// Exposes the protected reconnect() so the connection can be opened (and
/// the socket registered for interrupt()) before the request is sent.
template <class Session>
class ConnectingSession : public Session
{
public:
    using Session::Session;

    void connectNow()
    {
        if (!this->connected())
            this->reconnect();
    }
};

std::string readBody(std::istream& in)
{
    std::string body;
    char buffer[16384];
    while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
    {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > kMaxBody)
            throw ConsulException(ConsulException::Kind::BadAnswer, "Consul answer larger than 64 MiB");
    }
    return body;
}

std::string oneLine(const std::string& text)
{
    std::string line = text.substr(0, text.find_first_of("\r\n"));
    if (line.size() > 200)
        line = line.substr(0, 200) + "...";
    return line;
}

/// Milliseconds as a Go duration, e.g. "10000ms".
std::string goDuration(Poco::Timespan span)
{
    return std::to_string(span.totalMilliseconds()) + "ms";
}

} // namespace

ConsulClient::ConsulClient(const ConsulSettings& settings)
    : _settings(settings)
{
    if (_settings.https)
    {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.caLocation = _settings.caFile;
        params.certificateFile = _settings.certFile;
        params.privateKeyFile = _settings.keyFile;
        params.verificationMode = _settings.verifyServer ? Poco::Net::Context::VERIFY_RELAXED
                                                         : Poco::Net::Context::VERIFY_NONE;
        params.loadDefaultCAs = _settings.caFile.empty();
        try
        {
            _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        }
        catch (...)
        {
            Poco::Net::uninitializeSSL();
            throw;
        }
    }
}

ConsulClient::~ConsulClient()
{
    if (_settings.https)
    {
        _tls.reset();
        Poco::Net::uninitializeSSL();
    }
}

KvListing ConsulClient::list(const std::string& prefix, std::uint64_t waitIndex, Poco::Timespan wait)
{
    Query query{{"recurse", ""}};
    Poco::Timespan timeout = _settings.requestTimeout;
    if (waitIndex > 0)
    {
        query.emplace_back("index", std::to_string(waitIndex));
        query.emplace_back("wait", goDuration(wait));
        timeout += wait + Poco::Timespan(wait.totalMicroseconds() / 16);
    }
    const Response response = perform(Poco::Net::HTTPRequest::HTTP_GET, kvTarget(prefix, query), nullptr, timeout);
    KvListing listing;
    listing.index = response.index;
    if (response.status == Poco::Net::HTTPResponse::HTTP_NOT_FOUND)
        return listing;
    if (response.status != Poco::Net::HTTPResponse::HTTP_OK)
        throw httpError(response);
    try
    {
        listing.entries = decodeKvList(response.body);
    }
    catch (const KvDecodeException& e)
    {
        throw ConsulException(ConsulException::Kind::BadAnswer, "bad KV answer from Consul: " + e.message());
    }
    listing.found = true;
    return listing;
}

std::optional<KvEntry> ConsulClient::get(const std::string& key)
{
    const Response response = perform(Poco::Net::HTTPRequest::HTTP_GET, kvTarget(key, {}),
                                      nullptr, _settings.requestTimeout);
    if (response.status == Poco::Net::HTTPResponse::HTTP_NOT_FOUND)
        return std::nullopt;
    if (response.status != Poco::Net::HTTPResponse::HTTP_OK)
        throw httpError(response);
    std::vector<KvEntry> entries;
    try
    {
        entries = decodeKvList(response.body);
    }
    catch (const KvDecodeException& e)
    {
        throw ConsulException(ConsulException::Kind::BadAnswer, "bad KV answer from Consul: " + e.message());
    }
    for (KvEntry& entry : entries)
    {
        if (entry.key == key)
            return std::move(entry);
    }
    return std::nullopt;
}

void ConsulClient::checkReadable(const std::string& key)
{
    const Response response = perform(Poco::Net::HTTPRequest::HTTP_GET, kvTarget(key, {}),
                                      nullptr, _settings.requestTimeout);
    if (response.status != Poco::Net::HTTPResponse::HTTP_OK
        && response.status != Poco::Net::HTTPResponse::HTTP_NOT_FOUND)
        throw httpError(response);
}

void ConsulClient::put(const std::string& key, const std::string& value)
{
    const Response response = perform(Poco::Net::HTTPRequest::HTTP_PUT, kvTarget(key, {}),
                                      &value, _settings.requestTimeout);
    if (!decodeBoolAnswer(response))
        throw ConsulException(ConsulException::Kind::BadAnswer, "Consul refused to write " + key);
}

bool ConsulClient::putCas(const std::string& key, const std::string& value, std::uint64_t modifyIndex)
{
    return decodeBoolAnswer(perform(Poco::Net::HTTPRequest::HTTP_PUT,
                                    kvTarget(key, {{"cas", std::to_string(modifyIndex)}}), &value,
                                    _settings.requestTimeout));
}

bool ConsulClient::removeCas(const std::string& key, std::uint64_t modifyIndex)
{
    return decodeBoolAnswer(perform(Poco::Net::HTTPRequest::HTTP_DELETE,
                                    kvTarget(key, {{"cas", std::to_string(modifyIndex)}}), nullptr,
                                    _settings.requestTimeout));
}

void ConsulClient::interrupt()
{
    Poco::FastMutex::ScopedLock lock(_mutex);
    if (_activeFd >= 0)
    {
        _interrupted = true;
        ::shutdown(_activeFd, SHUT_RDWR);
    }
    else
    {
        _interruptPending = true;
    }
}

void ConsulClient::beginRequest(int fd)
{
    Poco::FastMutex::ScopedLock lock(_mutex);
    if (_interruptPending)
    {
        _interruptPending = false;
        throw ConsulException(ConsulException::Kind::Interrupted, "request interrupted");
    }
    _interrupted = false;
    _activeFd = fd >= 0 ? ::dup(fd) : -1;
}

bool ConsulClient::endRequest()
{
    Poco::FastMutex::ScopedLock lock(_mutex);
    if (_activeFd >= 0)
        ::close(_activeFd);
    _activeFd = -1;
    const bool interrupted = _interrupted;
    _interrupted = false;
    return interrupted;
}

std::string ConsulClient::kvTarget(const std::string& key, Query query) const
{
    // Poco::URI leaves "%25" in a path as it is; encode every '%' ourselves.
    std::string target;
    Poco::URI::encode("/v1/kv/" + key, "?#;+&=", target);
    if (!_settings.datacenter.empty())
        query.emplace_back("dc", _settings.datacenter);
    char separator = '?';
    for (const auto& [name, value] : query)
    {
        target += separator;
        target += name;
        if (!value.empty())
        {
            target += '=';
            Poco::URI::encode(value, "?#;+&=/", target);
        }
        separator = '&';
    }
    return target;
}

std::unique_ptr<Poco::Net::HTTPClientSession> ConsulClient::makeSession() const
{
    if (_settings.https)
        return std::make_unique<ConnectingSession<Poco::Net::HTTPSClientSession>>(_settings.host, _settings.port, _tls);
    return std::make_unique<ConnectingSession<Poco::Net::HTTPClientSession>>(_settings.host, _settings.port);
}

ConsulClient::Response ConsulClient::perform(const std::string& method, const std::string& pathAndQuery,
                                             const std::string* body, Poco::Timespan receiveTimeout)
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session = makeSession();
    session->setTimeout(_settings.connectTimeout, _settings.requestTimeout, receiveTimeout);
    session->setKeepAlive(true); // else sendRequest() would reopen the registered connection
    try
    {
        if (_settings.https)
            static_cast<ConnectingSession<Poco::Net::HTTPSClientSession>&>(*session).connectNow();
        else
            static_cast<ConnectingSession<Poco::Net::HTTPClientSession>&>(*session).connectNow();
    }
    catch (const Poco::Exception& e)
    {
        beginRequest(-1); // throws if interrupt() came during the connect
        endRequest();
        throw ConsulException(ConsulException::Kind::Unreachable,
                              "cannot connect to Consul at " + _settings.url() + ": " + e.displayText());
    }

    beginRequest(session->socket().impl()->sockfd());
    try
    {
        Response response = send(*session, method, pathAndQuery, body);
        if (endRequest())
            throw ConsulException(ConsulException::Kind::Interrupted, "request interrupted");
        return response;
    }
    catch (const ConsulException&)
    {
        endRequest();
        throw;
    }
    catch (const Poco::Exception& e)
    {
        if (endRequest())
            throw ConsulException(ConsulException::Kind::Interrupted, "request interrupted");
        throw ConsulException(ConsulException::Kind::Unreachable,
                              "request to Consul at " + _settings.url() + " failed: " + e.displayText());
    }
    catch (...)
    {
        endRequest();
        throw;
    }
}

ConsulClient::Response ConsulClient::send(Poco::Net::HTTPClientSession& session, const std::string& method,
                                          const std::string& pathAndQuery, const std::string* body)
{
    Poco::Net::HTTPRequest request(method, pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!_settings.token.empty())
        request.set("X-Consul-Token", _settings.token);
    if (body)
        request.setContentLength(static_cast<std::streamsize>(body->size()));
    std::ostream& out = session.sendRequest(request);
    if (body)
        out << *body;

    Poco::Net::HTTPResponse httpResponse;
    std::istream& in = session.receiveResponse(httpResponse);
    Response response;
    response.status = httpResponse.getStatus();
    response.reason = httpResponse.getReason();
    response.body = readBody(in);
    std::uint64_t index = 0;
    if (Poco::NumberParser::tryParseUnsigned64(httpResponse.get("X-Consul-Index", ""), index))
        response.index = index;
    return response;
}

ConsulException ConsulClient::httpError(const Response& response) const
{
    std::string message = std::to_string(response.status) + " " + response.reason;
    const std::string detail = oneLine(response.body);
    if (!detail.empty())
        message += ": " + detail;
    return ConsulException(ConsulException::Kind::Http, message, response.status);
}

bool ConsulClient::decodeBoolAnswer(const Response& response) const
{
    if (response.status != Poco::Net::HTTPResponse::HTTP_OK)
        throw httpError(response);
    const std::string text = oneLine(response.body);
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    throw ConsulException(ConsulException::Kind::BadAnswer, "Consul answered a write with neither true nor false");
}

} // namespace consul
} // namespace polymur
