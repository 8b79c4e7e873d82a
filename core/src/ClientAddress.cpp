// ClientAddress.cpp - client identity for log lines.
#include "ClientAddress.h"

#include <Poco/String.h>

namespace polymur {

std::string clientAddress(const Poco::Net::HTTPServerRequest& request)
{
    const std::string forwarded = request.get("X-Forwarded-For", "");
    if (!forwarded.empty())
    {
        std::string first = Poco::trim(forwarded.substr(0, forwarded.find(',')));
        // Keep log lines sane whatever a client puts in the header.
        if (first.size() > 64)
            first.resize(64);
        for (char& c : first)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
                c = '?';
        return first;
    }
    return request.clientAddress().toString();
}

} // namespace polymur
