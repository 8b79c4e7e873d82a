// DaemonModeTest.cpp - service mode: `--daemon --pidfile=FILE` (the
// launched process exits 0 at once, a detached daemon in its own session
// serves, the pid file holds its pid, SIGTERM stops it and removes the pid
// file), and logging configured from the INI file.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TestNet.h"

#include <Poco/File.h>

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace polymur::test;

namespace {

/// Fields 3.. of /proc/<pid>/stat: state, ppid, pgrp, session. Empty when gone.
std::vector<std::string> procStat(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(in, text);
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream rest(text.substr(close + 2));
    std::vector<std::string> fields(4);
    for (auto& f : fields)
        rest >> f;
    return fields;
}

bool alive(int pid)
{
    const auto stat = procStat(pid);
    return !stat.empty() && stat[0] != "Z" && stat[0] != "X";
}

int readPid(const std::string& file)
{
    std::ifstream in(file);
    int pid = 0;
    in >> pid;
    return pid;
}

} // namespace

class DaemonModeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DaemonModeTest);
    CPPUNIT_TEST(testDaemonPidFile);
    CPPUNIT_TEST(testIniLogging);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDaemonPidFile()
    {
        GatewayOptions options;
        options.destinations = "127.0.0.1:" + std::to_string(freePort());
        // A relative pid file: relative to the directory the gateway started in,
        // and still removed at exit although the daemon runs in "/".
        options.extraArgs = {"--daemon", "--pidfile=gateway.pid"};
        GatewayProcess gateway(options);
        const std::string pidFile = gateway.dir() + "/gateway.pid";
        // The launched process forks and exits 0: start() reports "not running".
        CPPUNIT_ASSERT(!gateway.start(std::chrono::seconds(10)));
        CPPUNIT_ASSERT_EQUAL(0, gateway.waitExit(std::chrono::seconds(10)));

        CPPUNIT_ASSERT(waitFor([&] { return readPid(pidFile) > 0; }, std::chrono::seconds(10)));
        const int pid = readPid(pidFile);
        CPPUNIT_ASSERT(pid != gateway.pid());
        CPPUNIT_ASSERT(alive(pid));
        const auto stat = procStat(pid);
        CPPUNIT_ASSERT_EQUAL(std::to_string(pid), stat[3]); // session leader: detached from our terminal/session
        CPPUNIT_ASSERT(std::stoi(stat[1]) != gateway.pid());

        // It serves: /ping over HTTPS with the static key.
        CPPUNIT_ASSERT(waitFor(
            [&] {
                try
                {
                    HttpsClient client(gateway.httpsPort());
                    return client.post("/ping", "", "test-key").status == 200;
                }
                catch (...)
                {
                    return false;
                }
            },
            std::chrono::seconds(15)));

        ::kill(pid, SIGTERM);
        const bool stopped = waitFor([&] { return !alive(pid); }, std::chrono::seconds(20));
        if (!stopped)
            ::kill(pid, SIGKILL);
        CPPUNIT_ASSERT(stopped);
        CPPUNIT_ASSERT(waitFor([&] { return !Poco::File(pidFile).exists(); }, std::chrono::seconds(5)));
    }

    void testIniLogging()
    {
        // [logging] in the INI file: console plus a rotating file, through
        // POCO's LoggingConfigurator.
        GatewayOptions options;
        options.iniText = "[logging]\n"
                          "loggers.root.level = information\n"
                          "loggers.root.channel = splitter\n"
                          "channels.splitter.class = SplitterChannel\n"
                          "channels.splitter.channel = console, file\n"
                          "channels.console.class = ConsoleChannel\n"
                          "channels.console.formatter.class = PatternFormatter\n"
                          "channels.console.formatter.pattern = %Y/%m/%d %H:%M:%S %t\n"
                          "channels.file.class = FileChannel\n"
                          "channels.file.path = gateway.log\n"
                          "channels.file.rotation = 1 M\n"
                          "channels.file.archive = number\n"
                          "channels.file.purgeCount = 3\n"
                          "channels.file.formatter.class = PatternFormatter\n"
                          "channels.file.formatter.pattern = %Y-%m-%d %H:%M:%S.%i [%p] %t\n";
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const std::string logFile = gateway.dir() + "/gateway.log";
        std::string text;
        CPPUNIT_ASSERT(waitFor(
            [&] {
                std::ifstream in(logFile);
                std::ostringstream all;
                all << in.rdbuf();
                text = all.str();
                // The listeners start in their own order: wait for both lines.
                return text.find("[Information] HTTPS listener started") != std::string::npos &&
                       text.find("[Information] API started") != std::string::npos;
            },
            std::chrono::seconds(10)));
        gateway.signal(SIGTERM);
        CPPUNIT_ASSERT_EQUAL(0, gateway.waitExit(std::chrono::seconds(20)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DaemonModeTest);
