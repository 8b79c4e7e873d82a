// ListenAddress.cpp - listen address parsing.
#include "ListenAddress.h"

#include <Poco/Exception.h>

namespace polymur {

Poco::Net::SocketAddress listenAddress(const std::string& text)
{
    try
    {
        if (!text.empty() && text[0] == ':')
            return Poco::Net::SocketAddress("0.0.0.0" + text);
        return Poco::Net::SocketAddress(text);
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::InvalidArgumentException("bad listen address '" + text + "': " + e.displayText());
    }
}

} // namespace polymur
