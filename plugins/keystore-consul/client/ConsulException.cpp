// ConsulException.cpp - a failed Consul request.
#include "ConsulException.h"

#include <typeinfo>

namespace polymur {
namespace consul {

ConsulException::ConsulException(Kind kind, const std::string& message, int status)
    : Poco::IOException(message)
    , _kind(kind)
    , _status(status)
{
}

const char* ConsulException::name() const noexcept
{
    return "Consul error";
}

const char* ConsulException::className() const noexcept
{
    return typeid(*this).name();
}

Poco::Exception* ConsulException::clone() const
{
    return new ConsulException(*this);
}

void ConsulException::rethrow() const
{
    throw *this;
}

} // namespace consul
} // namespace polymur
