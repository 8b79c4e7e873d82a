// Logging.cpp - default and configured logging.
#include "Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/LoggingConfigurator.h>

namespace polymur {

void configureLogging(const Poco::Util::AbstractConfiguration& settings)
{
    if (settings.has("logging.loggers.root.channel") || settings.has("logging.loggers.root.level"))
    {
        Poco::Util::LoggingConfigurator configurator;
        Poco::AutoPtr<Poco::Util::AbstractConfiguration> view(
            const_cast<Poco::Util::AbstractConfiguration&>(settings).createView("logging"));
        configurator.configure(view);
        return;
    }
    Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y/%m/%d %H:%M:%S %t"));
    formatter->setProperty("times", "local");
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(settings.getString("gateway.log-level", "information"));
    for (const char* name : {"polymur", "polymur.output"})
    {
        Poco::Logger::get(name).setChannel(channel);
        Poco::Logger::get(name).setLevel(settings.getString("gateway.log-level", "information"));
    }
}

} // namespace polymur
