// Logging.h - the gateway's log setup: POCO's logging configurator when the
// INI file has a [logging] section, else Go-log-like lines on the console.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

namespace polymur {

void configureLogging(const Poco::Util::AbstractConfiguration& settings);

} // namespace polymur
