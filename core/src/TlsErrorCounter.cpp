// TlsErrorCounter.cpp - counting and logging connection errors.
#include "TlsErrorCounter.h"

#include <Poco/Logger.h>
#include <Poco/Net/SSLException.h>

namespace polymur {

void TlsErrorCounter::install()
{
    if (_installed)
        return;
    _previous = Poco::ErrorHandler::set(this);
    _installed = true;
}

void TlsErrorCounter::uninstall()
{
    if (!_installed)
        return;
    Poco::ErrorHandler::set(_previous);
    _installed = false;
}

void TlsErrorCounter::exception(const Poco::Exception& exc)
{
    Poco::Logger& log = Poco::Logger::get("polymur");
    if (dynamic_cast<const Poco::Net::SSLException*>(&exc))
    {
        _stats.tlsHandshakeFailures.fetch_add(1, std::memory_order_relaxed);
        std::size_t suppressed = 0;
        if (_log.allow(suppressed))
        {
            if (suppressed)
                log.information("%z TLS error messages suppressed", suppressed);
            log.information("TLS error on the HTTPS listener: %s", exc.displayText());
        }
        return;
    }
    log.debug("Connection error: %s", exc.displayText());
}

void TlsErrorCounter::exception(const std::exception& exc)
{
    Poco::Logger::get("polymur").debug("Connection error: %s", std::string(exc.what()));
}

void TlsErrorCounter::exception()
{
    Poco::Logger::get("polymur").debug("Connection error: unknown exception");
}

} // namespace polymur
