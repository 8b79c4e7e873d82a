// PeriodicTask.h - a thread that runs a function every interval until
// stopped. stop() wakes it at once and joins (bounded by one run).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace polymur {

class PeriodicTask
{
public:
    /// `task` runs on the task's thread; exceptions are logged, not thrown.
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask();

    void start();
    void stop();

private:
    void run();

    const std::string _name;
    const std::chrono::milliseconds _interval;
    const std::function<void()> _task;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace polymur
