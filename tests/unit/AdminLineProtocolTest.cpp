// AdminLineProtocolTest.cpp - the original admin line protocol (getdest,
// putdest, deldest, errors) against a real Distributor with the broadcast
// policy and the console sink.
#include "AdminLineProtocol.h"
#include "ConsoleSink.h"
#include "Distributor.h"

#include "BroadcastPolicy.h"
#include "TestNet.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class AdminLineProtocolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdminLineProtocolTest);
    CPPUNIT_TEST(testParse);
    CPPUNIT_TEST(testUnknownCommand);
    CPPUNIT_TEST(testPutGetDel);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testRfc3339);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParse()
    {
        AdminRequest r = AdminLineProtocol::parse("putdest 10.0.0.1:2003:a\r\n");
        CPPUNIT_ASSERT(r.verb == AdminRequest::Verb::PutDest);
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1:2003:a"), r.argument);
        CPPUNIT_ASSERT(!r.extraFields);
        r = AdminLineProtocol::parse("  getdest  ");
        CPPUNIT_ASSERT(r.verb == AdminRequest::Verb::GetDest);
        CPPUNIT_ASSERT(r.argument.empty());
        r = AdminLineProtocol::parse("deldest a:1 b:2");
        CPPUNIT_ASSERT(r.verb == AdminRequest::Verb::DelDest);
        CPPUNIT_ASSERT(r.extraFields);
        CPPUNIT_ASSERT(AdminLineProtocol::parse("").verb == AdminRequest::Verb::Empty);
        CPPUNIT_ASSERT(AdminLineProtocol::parse("GETDEST").verb == AdminRequest::Verb::Unknown);
    }

    void testUnknownCommand()
    {
        BroadcastPolicy policy;
        ConsoleSink sink;
        Distributor distributor(policy, sink, &sink, DistributorOptions());
        CPPUNIT_ASSERT_EQUAL(std::string("Not a command: stats\n"), AdminLineProtocol::answer("stats", distributor));
        CPPUNIT_ASSERT_EQUAL(std::string("Not a command: \n"), AdminLineProtocol::answer("\n", distributor));
        // Control characters are not echoed back raw.
        CPPUNIT_ASSERT_EQUAL(std::string("Not a command: a?b\n"), AdminLineProtocol::answer("a\x01" "b", distributor));
    }

    void testPutGetDel()
    {
        BroadcastPolicy policy;
        ConsoleSink sink;
        Distributor distributor(policy, sink, &sink, DistributorOptions());
        CPPUNIT_ASSERT_EQUAL(std::string("Registered destination: console\n"),
                             AdminLineProtocol::answer("putdest console", distributor));
        CPPUNIT_ASSERT_EQUAL(std::string("Registered destination: 127.0.0.1:1:x\n"),
                             AdminLineProtocol::answer("putdest 127.0.0.1:1:x\n", distributor));
        // Both are served by the console sink here and connect at once; wait (bounded).
        CPPUNIT_ASSERT(test::waitFor(
            [&] {
                std::size_t connected = 0;
                for (const auto& s : distributor.status())
                    connected += s.connected ? 1 : 0;
                return connected == 2;
            },
            std::chrono::seconds(5)));

        const std::string json = AdminLineProtocol::answer("getdest", distributor);
        CPPUNIT_ASSERT(json.back() == '\n');
        Poco::JSON::Object::Ptr doc = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        Poco::JSON::Array::Ptr active = doc->getArray("active");
        CPPUNIT_ASSERT(active);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), active->size());
        CPPUNIT_ASSERT_EQUAL(std::string("console"), active->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:1:x"), active->getElement<std::string>(1));
        Poco::JSON::Object::Ptr registered = doc->getObject("registered");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), registered->size());
        CPPUNIT_ASSERT(registered->has("127.0.0.1:1:x"));
        const std::string when = registered->getValue<std::string>("console");
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), when.size());
        CPPUNIT_ASSERT(when[10] == 'T' && when.back() == 'Z');

        CPPUNIT_ASSERT_EQUAL(std::string("Unregistered destination: 127.0.0.1:1:x\n"),
                             AdminLineProtocol::answer("deldest 127.0.0.1:1:x", distributor));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), distributor.status().size());
        CPPUNIT_ASSERT_EQUAL(std::string("console"), distributor.status()[0].name);
    }

    void testErrors()
    {
        BroadcastPolicy policy;
        ConsoleSink sink;
        Distributor distributor(policy, sink, &sink, DistributorOptions());
        CPPUNIT_ASSERT_EQUAL(std::string("Must provide destination\n"), AdminLineProtocol::answer("putdest", distributor));
        CPPUNIT_ASSERT_EQUAL(std::string("Must provide destination\n"), AdminLineProtocol::answer("deldest ", distributor));
        std::string reply = AdminLineProtocol::answer("putdest nonsense", distributor);
        CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("Error: bad destination 'nonsense'", 0) == 0);
        reply = AdminLineProtocol::answer("putdest 10.0.0.1:99999", distributor);
        CPPUNIT_ASSERT_MESSAGE(reply, reply.find("port must be 1-65535") != std::string::npos);
        reply = AdminLineProtocol::answer("putdest 10.0.0.1:2003 10.0.0.2:2003", distributor);
        CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("Error: expected one destination", 0) == 0);
        CPPUNIT_ASSERT(distributor.status().empty());

        CPPUNIT_ASSERT_EQUAL(std::string("Registered destination: 127.0.0.1:1\n"),
                             AdminLineProtocol::answer("putdest 127.0.0.1:1", distributor));
        reply = AdminLineProtocol::answer("putdest 127.0.0.1:1", distributor);
        CPPUNIT_ASSERT_EQUAL(std::string("Error: destination already registered: 127.0.0.1:1\n"), reply);
        reply = AdminLineProtocol::answer("deldest 127.0.0.1:2", distributor);
        CPPUNIT_ASSERT_EQUAL(std::string("Error: destination not registered: 127.0.0.1:2\n"), reply);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), distributor.status().size());
    }

    void testRfc3339()
    {
        const std::chrono::system_clock::time_point t(std::chrono::seconds(1700000000));
        CPPUNIT_ASSERT_EQUAL(std::string("2023-11-14T22:13:20Z"), AdminLineProtocol::rfc3339(t));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminLineProtocolTest);
