// SignalHandler.h - the SIGHUP (reload) thread. main() blocks SIGHUP,
// SIGINT, SIGQUIT and SIGTERM before any thread exists, so every thread
// inherits the mask (SIGHUP's default action would terminate the process);
// the main thread sigwaits for termination in waitForTerminationRequest()
// and this class's thread sigwaits for SIGHUP.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace polymur {

class SignalHandler
{
public:
    /// `onReload` runs on the handler's thread for every SIGHUP.
    explicit SignalHandler(std::function<void()> onReload);
    ~SignalHandler();

    void start();
    /// Stop waiting (within ~200 ms) and join.
    void stop();

private:
    void run();

    const std::function<void()> _onReload;
    std::atomic<bool> _stopping{false};
    std::thread _thread;
};

} // namespace polymur
