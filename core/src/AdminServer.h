// AdminServer.h - the admin API listener on -api-addr: the original's
// one-line commands (getdest, putdest, deldest) and the HTTP/JSON API on
// the same port (see LineOrHttpServer for how they are told apart).
#pragma once

#include "DestinationAdmin.h"
#include "LineOrHttpServer.h"

#include <memory>
#include <string>

namespace polymur {

class AdminServer
{
public:
    /// Binds now; throws when the address is unusable or taken.
    AdminServer(const std::string& address, DestinationAdmin& admin);

    void start();
    void stop();

    Poco::Net::SocketAddress address() const { return _server->address(); }

private:
    DestinationAdmin& _admin;
    std::unique_ptr<LineOrHttpServer> _server;
    std::string _configured;
};

} // namespace polymur
