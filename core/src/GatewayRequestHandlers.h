// GatewayRequestHandlers.h - POCO glue: the request handler factory of the
// HTTPS server, dispatching /ping, /ingest and everything else (404).
#pragma once

#include "IngestService.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace polymur {

class GatewayRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit GatewayRequestHandlerFactory(IngestService& service) : _service(service) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    IngestService& _service;
};

} // namespace polymur
