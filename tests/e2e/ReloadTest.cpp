// ReloadTest.cpp - SIGHUP re-reads the static key file and the destination
// list from the INI file; both take effect without a restart.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>

using namespace polymur::test;

namespace {

void writeFile(const std::string& path, const std::string& text)
{
    Poco::FileOutputStream out(path);
    out << text;
    out.close();
}

std::string iniFor(const std::string& destinations)
{
    return "[gateway]\ndestinations = " + destinations + "\n\n[keystore-static]\nfile = keys.txt\n";
}

std::size_t countPrefix(const TcpLineSink& sink, const std::string& prefix)
{
    std::size_t n = 0;
    for (const auto& line : sink.lines())
        n += line.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
}

} // namespace

class ReloadTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReloadTest);
    CPPUNIT_TEST(testSighupReloadsKeysAndDestinations);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSighupReloadsKeysAndDestinations()
    {
        TcpLineSink a;
        TcpLineSink b;
        GatewayOptions options;
        options.keys = "";
        options.iniText = iniFor(a.address());
        GatewayProcess gateway(options);
        writeFile(gateway.dir() + "/keys.txt", "old-user = old-key\n");
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const int pid = gateway.pid();

        {
            HttpsClient client(gateway.httpsPort());
            CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("before", 10)), "old-key").status);
        }
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(a, "before.") == 10; }, std::chrono::seconds(10)));

        writeFile(gateway.dir() + "/keys.txt", "new-user = new-key\n");
        writeFile(gateway.dir() + "/gateway.ini", iniFor(b.address()));
        gateway.signal(SIGHUP);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(),
                               gateway.waitForOutput("Reload: destinations added: " + b.address() + "; removed: " + a.address(),
                                                     std::chrono::seconds(10)));
        CPPUNIT_ASSERT(gateway.output().find("API keys refreshed: 1 new, 1 removed") != std::string::npos);
        CPPUNIT_ASSERT(gateway.running());
        CPPUNIT_ASSERT_EQUAL(pid, gateway.pid());

        HttpsClient oldClient(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(401, oldClient.post("/ingest", gzip(makeLines("old", 5)), "old-key").status);
        HttpsClient client(gateway.httpsPort());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("after", 20)), "new-key").status);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(b, "after.") == 20; }, std::chrono::seconds(10)));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), countPrefix(a, "after."));

        // An unchanged INI changes nothing; a missing one keeps the previous configuration.
        gateway.signal(SIGHUP);
        CPPUNIT_ASSERT(gateway.waitForOutput("Reload: destination list unchanged", std::chrono::seconds(10)));
        Poco::File(gateway.dir() + "/gateway.ini").remove();
        gateway.signal(SIGHUP);
        CPPUNIT_ASSERT(gateway.waitForOutput("Reload: cannot read", std::chrono::seconds(10)));
        CPPUNIT_ASSERT(gateway.running());
        CPPUNIT_ASSERT_EQUAL(200, client.post("/ingest", gzip(makeLines("later", 7)), "new-key").status);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(b, "later.") == 7; }, std::chrono::seconds(10)));

        gateway.signal(SIGTERM);
        CPPUNIT_ASSERT_EQUAL(0, gateway.waitExit(std::chrono::seconds(30)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReloadTest);
