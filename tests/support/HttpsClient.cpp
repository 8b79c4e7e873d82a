// HttpsClient.cpp - POCO HTTPS client for tests (certificate not verified:
// the gateway under test uses a throwaway self-signed certificate).
#include "HttpsClient.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace polymur::test {

Poco::Net::Context::Ptr testClientContext()
{
    static Poco::Net::Context::Ptr context = [] {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        return Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
    }();
    return context;
}

HttpsClient::HttpsClient(int port)
    : _session(std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", static_cast<Poco::UInt16>(port),
                                                                testClientContext()))
{
    _session->setKeepAlive(true);
    _session->setTimeout(Poco::Timespan(30, 0));
}

HttpsClient::~HttpsClient() = default;

HttpResult HttpsClient::post(const std::string& path, const std::string& body, const std::string& key)
{
    std::map<std::string, std::string> headers;
    if (!key.empty())
        headers["X-polymur-key"] = key;
    return request("POST", path, body, headers);
}

HttpResult HttpsClient::request(const std::string& method, const std::string& path, const std::string& body,
                                const std::map<std::string, std::string>& headers)
{
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        request.set(name, value);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.setKeepAlive(true);
    _session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = _session->receiveResponse(response);
    HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, result.body);
    for (const auto& [name, value] : response)
        result.headers[name] = value;
    result.keepAlive = response.getKeepAlive();
    return result;
}

bool serverClosesAfter(int port, const std::string& rawRequest, int& statusOut)
{
    Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)),
                                         testClientContext());
    socket.setReceiveTimeout(Poco::Timespan(2, 0));
    socket.sendBytes(rawRequest.data(), static_cast<int>(rawRequest.size()));
    std::string received;
    char buffer[4096];
    statusOut = 0;
    try
    {
        for (;;)
        {
            const int n = socket.receiveBytes(buffer, sizeof(buffer));
            if (n <= 0)
            {
                if (received.size() > 12)
                    statusOut = std::stoi(received.substr(9, 3));
                return true;
            }
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    catch (const Poco::TimeoutException&)
    {
    }
    if (received.size() > 12)
        statusOut = std::stoi(received.substr(9, 3));
    return false;
}

} // namespace polymur::test
