// ListenAddress.h - parsing a listen address flag ("0.0.0.0:443", ":443",
// "[::]:443", "localhost:2030") into a socket address.
#pragma once

#include <Poco/Net/SocketAddress.h>

#include <string>

namespace polymur {

/// Throws Poco::InvalidArgumentException (naming `text`) when unusable.
Poco::Net::SocketAddress listenAddress(const std::string& text);

} // namespace polymur
