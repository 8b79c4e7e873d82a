// SignalHandler.h - signal plumbing for the daemon. POCO's
// waitForTerminationRequest() sigwaits for SIGINT/SIGQUIT/SIGTERM, blocking
// them only in the main thread and only from that call on, and knows nothing
// of SIGHUP, whose default action terminates the process. A SIGHUP at any
// time, or a second SIGTERM during startup or shutdown, would land in some
// other thread and kill the process. blockSignals() blocks all four before
// any thread exists, so every thread inherits the mask; the main thread
// sigwaits for termination and this class's thread for SIGHUP (reload).
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace polymur {

class SignalHandler
{
public:
    /// Block SIGHUP, SIGINT, SIGQUIT, SIGTERM in the calling thread. Call
    /// first thing, before any thread is started.
    static void blockSignals();

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
