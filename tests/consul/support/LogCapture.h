// LogCapture.h - collects what one Poco logger writes during a test, so a
// test can count log lines and check that no secret reaches the log.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>
#include <string>
#include <vector>

namespace polymur {
namespace test {

class LogCapture
{
public:
    /// Captures `loggerName` (all priorities) until destroyed.
    explicit LogCapture(const std::string& loggerName)
        : _logger(Poco::Logger::get(loggerName))
        , _channel(new Collector)
        , _previousChannel(_logger.getChannel())
        , _previousLevel(_logger.getLevel())
    {
        _logger.setChannel(_channel);
        _logger.setLevel(Poco::Message::PRIO_TRACE);
    }

    ~LogCapture()
    {
        _logger.setChannel(_previousChannel);
        _logger.setLevel(_previousLevel);
    }

    /// Lines at `priority` or more severe (PRIO_WARNING: warnings and errors).
    std::vector<std::string> lines(Poco::Message::Priority priority = Poco::Message::PRIO_TRACE) const
    {
        std::lock_guard<std::mutex> lock(_channel->mutex);
        std::vector<std::string> out;
        for (const auto& entry : _channel->entries)
        {
            if (entry.first <= priority)
                out.push_back(entry.second);
        }
        return out;
    }

    std::string all() const
    {
        std::string text;
        for (const std::string& line : lines())
            text += line + "\n";
        return text;
    }

    void clear()
    {
        std::lock_guard<std::mutex> lock(_channel->mutex);
        _channel->entries.clear();
    }

private:
    struct Collector : public Poco::Channel
    {
        void log(const Poco::Message& message) override
        {
            std::lock_guard<std::mutex> lock(mutex);
            entries.emplace_back(message.getPriority(), message.getText());
        }

        mutable std::mutex mutex;
        std::vector<std::pair<Poco::Message::Priority, std::string>> entries;
    };

    Poco::Logger& _logger;
    Poco::AutoPtr<Collector> _channel;
    Poco::AutoPtr<Poco::Channel> _previousChannel;
    int _previousLevel;
};

} // namespace test
} // namespace polymur
