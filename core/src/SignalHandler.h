// SignalHandler.h - signal plumbing for the daemon. POCO's
// waitForTerminationRequest() sigwaits for SIGINT/SIGQUIT/SIGTERM but only
// blocks them in the main thread, and knows nothing of SIGHUP; a signal sent
// to the process can then land in any other thread and kill it with the
// default action. blockSignals() blocks all four before any thread exists,
// so every thread inherits the mask; the main thread keeps sigwaiting for
// termination and this class's thread sigwaits for SIGHUP (reload).
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
