// Logging.cpp - default and configured logging.
#include "Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SyslogChannel.h>
#include <Poco/Util/LoggingConfigurator.h>

namespace polymur {

void configureLogging(const Poco::Util::AbstractConfiguration& settings, bool daemon)
{
    if (settings.has("logging.loggers.root.channel") || settings.has("logging.loggers.root.level"))
    {
        // The configurator reads the "logging." keys itself: hand it the whole
        // configuration, not a view below "logging" (that configures nothing).
        Poco::Util::LoggingConfigurator configurator;
        Poco::Util::AbstractConfiguration::Ptr whole(const_cast<Poco::Util::AbstractConfiguration*>(&settings), true);
        configurator.configure(whole);
        return;
    }
    Poco::AutoPtr<Poco::Channel> sink;
    Poco::AutoPtr<Poco::PatternFormatter> formatter;
    if (daemon)
    {
        // syslog adds its own time stamp.
        sink = new Poco::SyslogChannel("polymur-gateway", Poco::SyslogChannel::SYSLOG_PID,
                                       Poco::SyslogChannel::SYSLOG_DAEMON);
        formatter = new Poco::PatternFormatter("%t");
    }
    else
    {
        sink = new Poco::ConsoleChannel;
        formatter = new Poco::PatternFormatter("%Y/%m/%d %H:%M:%S %t");
        formatter->setProperty("times", "local");
    }
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, sink));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(settings.getString("gateway.log-level", "information"));
    for (const char* name : {"polymur", "polymur.output"})
    {
        Poco::Logger::get(name).setChannel(channel);
        Poco::Logger::get(name).setLevel(settings.getString("gateway.log-level", "information"));
    }
}

} // namespace polymur
