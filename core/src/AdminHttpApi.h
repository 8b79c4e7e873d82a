// AdminHttpApi.h - the admin API over HTTP/JSON for tooling, served on the
// admin port next to the line protocol:
//   GET    /destinations          -> 200 {"active": [...], "registered": {...}}
//   PUT    /destinations/<spec>   -> 201 | 400 malformed | 409 already registered
//   DELETE /destinations/<spec>   -> 200 | 400 malformed | 404 not registered
// <spec> is host:port[:instance], percent-encoded where needed.
#pragma once

#include "DestinationAdmin.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace polymur {

class AdminHttpApi : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit AdminHttpApi(DestinationAdmin& admin) : _admin(admin) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    DestinationAdmin& _admin;
};

} // namespace polymur
