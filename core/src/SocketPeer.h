// SocketPeer.h - a connection's peer address for log lines, "?" when the
// socket is already gone.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <string>

namespace polymur {

inline std::string peerOrUnknown(const Poco::Net::StreamSocket& socket)
{
    try
    {
        return socket.peerAddress().toString();
    }
    catch (...)
    {
        return "?";
    }
}

} // namespace polymur
