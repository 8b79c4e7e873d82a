// Logging.h - the gateway's log setup: POCO's logging configurator when the
// INI file has a [logging] section, else Go-log-like lines on the console
// (or to syslog when running as a daemon, whose stdout is /dev/null).
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

namespace polymur {

void configureLogging(const Poco::Util::AbstractConfiguration& settings, bool daemon = false);

} // namespace polymur
