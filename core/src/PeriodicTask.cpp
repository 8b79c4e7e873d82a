// PeriodicTask.cpp - the timer thread.
#include "PeriodicTask.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

namespace polymur {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task)
    : _name(std::move(name)), _interval(interval), _task(std::move(task))
{
}

PeriodicTask::~PeriodicTask()
{
    stop();
}

void PeriodicTask::start()
{
    if (_thread.joinable())
        return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = false;
    }
    _thread = std::thread([this] { run(); });
}

void PeriodicTask::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void PeriodicTask::run()
{
    auto next = std::chrono::steady_clock::now() + _interval;
    for (;;)
    {
        {
            std::unique_lock<std::mutex> lock(_mutex);
            if (_wake.wait_until(lock, next, [this] { return _stopping; }))
                return;
        }
        next += _interval;
        const auto now = std::chrono::steady_clock::now();
        if (next < now)
            next = now + _interval; // fell behind (suspended): do not run in a burst
        try
        {
            _task();
        }
        catch (const Poco::Exception& e)
        {
            Poco::Logger::get("polymur").error("[%s] %s", _name, e.displayText());
        }
        catch (const std::exception& e)
        {
            Poco::Logger::get("polymur").error("[%s] %s", _name, std::string(e.what()));
        }
    }
}

} // namespace polymur
