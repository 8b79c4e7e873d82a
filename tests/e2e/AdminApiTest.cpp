// AdminApiTest.cpp - the admin API of the real binary: the original's line
// protocol and the HTTP/JSON API on -api-addr, errors, and that a
// destination added at runtime receives traffic and a removed one stops.
#include "GatewayProcess.h"
#include "HttpsClient.h"
#include "TcpLineSink.h"
#include "TestNet.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur::test;

namespace {

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

bool isActive(int apiPort, const std::string& name)
{
    auto doc = parseObject(tcpExchange(apiPort, "getdest\n"));
    auto active = doc->getArray("active");
    for (std::size_t i = 0; i < active->size(); ++i)
        if (active->getElement<std::string>(i) == name)
            return true;
    return false;
}

void sendBatch(int httpsPort, const std::string& prefix, int count)
{
    HttpsClient client(httpsPort);
    const HttpResult r = client.post("/ingest", gzip(makeLines(prefix, count)), "test-key");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200, r.status);
}

std::size_t countPrefix(const TcpLineSink& sink, const std::string& prefix)
{
    std::size_t n = 0;
    for (const auto& line : sink.lines())
        n += line.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
}

} // namespace

class AdminApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdminApiTest);
    CPPUNIT_TEST(testLineProtocol);
    CPPUNIT_TEST(testHttpApi);
    CPPUNIT_TEST(testHashRouteRefusesSameRingNode);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLineProtocol()
    {
        TcpLineSink a;
        TcpLineSink b;
        GatewayOptions options;
        options.destinations = a.address();
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const int api = gateway.apiPort();

        CPPUNIT_ASSERT(waitFor([&] { return isActive(api, a.address()); }, std::chrono::seconds(10)));
        auto doc = parseObject(tcpExchange(api, "getdest\n"));
        CPPUNIT_ASSERT(doc->getObject("registered")->has(a.address()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), doc->getObject("registered")->size());

        // Errors, one line each.
        CPPUNIT_ASSERT_EQUAL(std::string("Not a command: hello\n"), tcpExchange(api, "hello\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("Must provide destination\n"), tcpExchange(api, "putdest\n"));
        std::string reply = tcpExchange(api, "putdest 127.0.0.1\n");
        CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("Error: bad destination '127.0.0.1'", 0) == 0);
        CPPUNIT_ASSERT(reply.find('\n') == reply.size() - 1);
        reply = tcpExchange(api, "putdest " + a.address() + "\n");
        CPPUNIT_ASSERT_EQUAL("Error: destination already registered: " + a.address() + "\n", reply);
        reply = tcpExchange(api, "deldest 127.0.0.1:9\n");
        CPPUNIT_ASSERT_EQUAL(std::string("Error: destination not registered: 127.0.0.1:9\n"), reply);

        // Add b at runtime: it receives traffic.
        CPPUNIT_ASSERT_EQUAL("Registered destination: " + b.address() + "\n",
                             tcpExchange(api, "putdest " + b.address() + "\n"));
        CPPUNIT_ASSERT(waitFor([&] { return isActive(api, b.address()); }, std::chrono::seconds(10)));
        sendBatch(gateway.httpsPort(), "one", 50);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(a, "one.") == 50 && countPrefix(b, "one.") == 50; },
                               std::chrono::seconds(10)));

        // Remove a (also without a trailing newline, as `printf | nc` sends it): it stops receiving.
        CPPUNIT_ASSERT_EQUAL("Unregistered destination: " + a.address() + "\n",
                             tcpExchange(api, "deldest " + a.address()));
        doc = parseObject(tcpExchange(api, "getdest"));
        CPPUNIT_ASSERT(!doc->getObject("registered")->has(a.address()));
        sendBatch(gateway.httpsPort(), "two", 40);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(b, "two.") == 40; }, std::chrono::seconds(10)));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), countPrefix(a, "two."));
        CPPUNIT_ASSERT(gateway.output().find("Unregistered destination: " + a.address()) != std::string::npos);
    }

    void testHashRouteRefusesSameRingNode()
    {
        // carbon keys a ring node by (host, instance): a second destination
        // on the same host without an instance would collide. putdest must
        // refuse it and the gateway must go on routing to the first one.
        TcpLineSink a;
        GatewayOptions options;
        options.destinations = a.address();
        options.distribution = "hash-route";
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const int api = gateway.apiPort();
        const std::string reply = tcpExchange(api, "putdest 127.0.0.1:9\n");
        CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("Error: ", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(reply, reply.find("same ring node") != std::string::npos);
        auto doc = parseObject(tcpExchange(api, "getdest\n"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), doc->getObject("registered")->size());
        sendBatch(gateway.httpsPort(), "after", 30);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(a, "after.") == 30; }, std::chrono::seconds(10)));
        CPPUNIT_ASSERT_EQUAL(std::string("Registered destination: 127.0.0.1:9:b\n"),
                             tcpExchange(api, "putdest 127.0.0.1:9:b\n"));
    }

    void testHttpApi()
    {
        TcpLineSink a;
        TcpLineSink b;
        GatewayOptions options;
        options.destinations = a.address();
        GatewayProcess gateway(options);
        CPPUNIT_ASSERT_MESSAGE(gateway.output(), gateway.start());
        const int api = gateway.apiPort();

        PlainHttpResult r = plainHttp(api, "GET", "/destinations");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.contentType);
        CPPUNIT_ASSERT(parseObject(r.body)->getObject("registered")->has(a.address()));

        r = plainHttp(api, "PUT", "/destinations/" + b.address());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201, r.status);
        CPPUNIT_ASSERT_EQUAL("Registered destination: " + b.address(), parseObject(r.body)->getValue<std::string>("result"));
        r = plainHttp(api, "PUT", "/destinations/" + b.address());
        CPPUNIT_ASSERT_EQUAL(409, r.status);
        CPPUNIT_ASSERT(parseObject(r.body)->has("error"));
        r = plainHttp(api, "PUT", "/destinations/no-port-here");
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT(parseObject(r.body)->getValue<std::string>("error").find("bad destination") != std::string::npos);
        r = plainHttp(api, "DELETE", "/destinations/127.0.0.1:9");
        CPPUNIT_ASSERT_EQUAL(404, r.status);
        r = plainHttp(api, "POST", "/destinations");
        CPPUNIT_ASSERT_EQUAL(405, r.status);
        r = plainHttp(api, "GET", "/other");
        CPPUNIT_ASSERT_EQUAL(404, r.status);

        // b (added over HTTP) receives traffic; after DELETE of a, a does not.
        CPPUNIT_ASSERT(waitFor([&] { return isActive(api, b.address()) && isActive(api, a.address()); },
                               std::chrono::seconds(10)));
        sendBatch(gateway.httpsPort(), "h1", 30);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(a, "h1.") == 30 && countPrefix(b, "h1.") == 30; },
                               std::chrono::seconds(10)));
        r = plainHttp(api, "DELETE", "/destinations/" + a.address());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200, r.status);
        auto doc = parseObject(plainHttp(api, "GET", "/destinations").body);
        CPPUNIT_ASSERT(!doc->getObject("registered")->has(a.address()));
        CPPUNIT_ASSERT(doc->getObject("registered")->has(b.address()));
        sendBatch(gateway.httpsPort(), "h2", 20);
        CPPUNIT_ASSERT(waitFor([&] { return countPrefix(b, "h2.") == 20; }, std::chrono::seconds(10)));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), countPrefix(a, "h2."));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminApiTest);
