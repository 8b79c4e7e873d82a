// ConsulException.h - a failed Consul request, with what kind of failure it
// was, so callers can report "403 Forbidden: ACL not found" or "cannot reach
// Consul" precisely and tell a deliberate interruption from an error.
#pragma once

#include <Poco/Exception.h>

#include <string>

namespace polymur {
namespace consul {

class ConsulException : public Poco::IOException
{
public:
    enum class Kind
    {
        Unreachable, ///< Connect, TLS or transport failure, timeout.
        Http,        ///< Consul answered with an unexpected HTTP status.
        BadAnswer,   ///< The answer could not be decoded.
        Interrupted  ///< ConsulClient::interrupt() ended the request.
    };

    ConsulException(Kind kind, const std::string& message, int status = 0);

    Kind kind() const { return _kind; }
    int status() const { return _status; } ///< HTTP status for Kind::Http, else 0.

    const char* name() const noexcept override;
    const char* className() const noexcept override;
    Poco::Exception* clone() const override;
    void rethrow() const override;

private:
    Kind _kind;
    int _status;
};

} // namespace consul
} // namespace polymur
