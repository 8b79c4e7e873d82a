// TlsErrorCounter.h - counts TLS failures on the HTTPS listener. POCO's
// server connections hand exceptions that escape a connection (a failed
// TLS handshake surfaces as a Poco::Net::SSLException there) to the global
// Poco::ErrorHandler; this handler counts the SSL ones for runstats and
// logs them, rate-limited, without client data.
#pragma once

#include "GatewayStats.h"
#include "RateLimitedLog.h"

#include <Poco/ErrorHandler.h>

namespace polymur {

class TlsErrorCounter : public Poco::ErrorHandler
{
public:
    explicit TlsErrorCounter(GatewayStats& stats) : _stats(stats) {}
    ~TlsErrorCounter() override { uninstall(); }

    /// Install as the global handler; uninstall() restores the previous one.
    void install();
    void uninstall();

    void exception(const Poco::Exception& exc) override;
    void exception(const std::exception& exc) override;
    void exception() override;

private:
    GatewayStats& _stats;
    Poco::ErrorHandler* _previous = nullptr;
    bool _installed = false;
    RateLimitedLog _log{5, std::chrono::seconds(60)};
};

} // namespace polymur
