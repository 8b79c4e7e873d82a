// StartupE2ETest.cpp - how the real binary starts and refuses to start.
#include "GatewayProcess.h"
#include "TestNet.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur::test;
using namespace std::chrono_literals;

namespace {

/// Run the binary to completion; returns exit code and output.
int runGateway(const std::vector<std::string>& args, std::string& output)
{
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(gatewayBinary(), args, nullptr, &out, &out);
    Poco::PipeInputStream in(out);
    Poco::StreamCopier::copyToString(in, output);
    return handle.wait();
}

} // namespace

class StartupE2ETest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StartupE2ETest);
    CPPUNIT_TEST(helpListsOriginalFlags);
    CPPUNIT_TEST(unknownFlagExitsTwo);
    CPPUNIT_TEST(unknownPluginFailsClearly);
    CPPUNIT_TEST(missingCertificateFailsClearly);
    CPPUNIT_TEST(devModeAcceptsKey123);
    CPPUNIT_TEST_SUITE_END();

public:
    void helpListsOriginalFlags()
    {
        std::string output;
        CPPUNIT_ASSERT_EQUAL(0, runGateway({"--help"}, output));
        for (const char* flag : {"-listen-addr", "-cert", "-key", "-destinations", "-distribution", "-dev-mode",
                                 "-api-addr", "-stat-addr", "-queue-cap", "-console-out", "-metrics-flush",
                                 "-key-prefix"})
            CPPUNIT_ASSERT_MESSAGE(flag, output.find(flag) != std::string::npos);
    }

    void unknownFlagExitsTwo()
    {
        std::string output;
        CPPUNIT_ASSERT_EQUAL(2, runGateway({"-bogus"}, output));
        CPPUNIT_ASSERT(output.find("flag provided but not defined: -bogus") != std::string::npos);
    }

    void unknownPluginFailsClearly()
    {
        std::string output;
        const int rc = runGateway({"--plugins.keystore=vault", "-listen-addr=127.0.0.1:" + std::to_string(freePort())},
                                  output);
        CPPUNIT_ASSERT(rc != 0);
        CPPUNIT_ASSERT_MESSAGE(output, output.find("no keystore plugin named 'vault'") != std::string::npos);
    }

    void missingCertificateFailsClearly()
    {
        std::string output;
        const int rc = runGateway({"-dev-mode", "-listen-addr=127.0.0.1:" + std::to_string(freePort())}, output);
        CPPUNIT_ASSERT(rc != 0);
        CPPUNIT_ASSERT_MESSAGE(output, output.find("a TLS certificate and key are required") != std::string::npos);
    }

    void devModeAcceptsKey123()
    {
        GatewayOptions options;
        options.useStaticKeyStore = false;
        options.extraArgs = {"-dev-mode", "-console-out"};
        GatewayProcess gw(options);
        CPPUNIT_ASSERT_MESSAGE(gw.output(), gw.start());
        CPPUNIT_ASSERT(gw.waitForOutput("API keys refreshed: 1 new, 0 removed", 5s));
        CPPUNIT_ASSERT(gw.waitForOutput("Registered destination: console", 5s));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StartupE2ETest);
