// ClientAddress.h - who a request came from, for logs: X-Forwarded-For when
// a proxy in front set it, else the peer address.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <string>

namespace polymur {

std::string clientAddress(const Poco::Net::HTTPServerRequest& request);

} // namespace polymur
