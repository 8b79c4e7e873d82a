// SignalHandler.cpp - signal masks and the SIGHUP thread.
#include "SignalHandler.h"

#include <Poco/Logger.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <pthread.h>

namespace polymur {

SignalHandler::SignalHandler(std::function<void()> onReload) : _onReload(std::move(onReload)) {}

SignalHandler::~SignalHandler()
{
    stop();
}

void SignalHandler::start()
{
    if (_thread.joinable())
        return;
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void SignalHandler::stop()
{
    _stopping = true;
    if (_thread.joinable())
        _thread.join();
}

void SignalHandler::run()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    const timespec timeout{0, 200 * 1000 * 1000};
    while (!_stopping)
    {
        const int sig = sigtimedwait(&set, nullptr, &timeout);
        if (sig != SIGHUP)
            continue; // timeout or EINTR
        Poco::Logger::get("polymur").information("SIGHUP: reloading the key store and the destination list");
        try
        {
            _onReload();
        }
        catch (const std::exception& e)
        {
            Poco::Logger::get("polymur").error("Reload failed: %s", std::string(e.what()));
        }
    }
}

} // namespace polymur
