// AdminServer.cpp - wires the line protocol and the HTTP API to a listener.
#include "AdminServer.h"

#include "AdminHttpApi.h"
#include "AdminLineProtocol.h"
#include "ListenAddress.h"

#include <Poco/Logger.h>

namespace polymur {

AdminServer::AdminServer(const std::string& address, DestinationAdmin& admin) : _admin(admin), _configured(address)
{
    _server = std::make_unique<LineOrHttpServer>(
        listenAddress(address),
        [this](const std::string& line) { return AdminLineProtocol::answer(line, _admin); },
        new AdminHttpApi(admin));
}

void AdminServer::start()
{
    _server->start();
    Poco::Logger::get("polymur").information("API started: %s", _configured);
}

void AdminServer::stop()
{
    _server->stop();
}

} // namespace polymur
