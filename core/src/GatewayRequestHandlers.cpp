// GatewayRequestHandlers.cpp - one small handler class per endpoint.
#include "GatewayRequestHandlers.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/URI.h>

namespace polymur {

namespace {

using Endpoint = void (IngestService::*)(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

class EndpointHandler : public Poco::Net::HTTPRequestHandler
{
public:
    EndpointHandler(IngestService& service, Endpoint endpoint) : _service(service), _endpoint(endpoint) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        // Counted so a graceful shutdown can wait for requests in progress.
        ++_service.stats().requestsInFlight;
        struct Done
        {
            GatewayStats& stats;
            ~Done() { --stats.requestsInFlight; }
        } done{_service.stats()};
        (_service.*_endpoint)(request, response);
    }

private:
    IngestService& _service;
    Endpoint _endpoint;
};

} // namespace

Poco::Net::HTTPRequestHandler* GatewayRequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest& request)
{
    std::string path;
    try
    {
        path = Poco::URI(request.getURI()).getPath();
    }
    catch (...)
    {
        path.clear();
    }
    if (path == "/ingest")
        return new EndpointHandler(_service, &IngestService::ingest);
    if (path == "/ping")
        return new EndpointHandler(_service, &IngestService::ping);
    return new EndpointHandler(_service, &IngestService::notFound);
}

} // namespace polymur
