// main.cpp - polymur-gateway entry point: Go-style flags first, then the
// POCO server application (which handles --daemon, --pidfile, --umask).
#include "CommandLine.h"
#include "GatewayApp.h"
#include "GatewayFlags.h"

#include <Poco/Path.h>

#include <csignal>
#include <iostream>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    polymur::CommandLine commandLine = polymur::parseCommandLine(args);
    const std::string program = argc > 0 ? argv[0] : "polymur-gateway";
    if (!commandLine.error.empty())
    {
        std::cerr << commandLine.error << "\n" << polymur::flagUsage(program);
        return 2;
    }
    if (commandLine.help)
    {
        std::cout << polymur::flagUsage(program);
        return 0;
    }
    // Block the signals the gateway waits for before any thread exists, so
    // every thread inherits the mask and a signal that arrives early stays
    // pending until the application waits for it instead of killing us.
    sigset_t signals;
    sigemptyset(&signals);
    for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGHUP})
        sigaddset(&signals, sig);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::vector<std::string> daemonArgs = {program};
    daemonArgs.insert(daemonArgs.end(), commandLine.daemonArgs.begin(), commandLine.daemonArgs.end());
    std::vector<char*> daemonArgv;
    for (auto& a : daemonArgs)
        daemonArgv.push_back(a.data());
    daemonArgv.push_back(nullptr);

    polymur::GatewayApp app(std::move(commandLine), Poco::Path::current());
    return app.run(static_cast<int>(daemonArgs.size()), daemonArgv.data());
}
