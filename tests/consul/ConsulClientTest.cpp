// ConsulClientTest.cpp - the Consul client library against a real Consul
// dev agent: KV reads and writes, check-and-set, blocking queries and their
// interruption, ACL tokens, datacenters, HTTPS, an unreachable agent.
#include "ConsulClient.h"
#include "support/ConsulAgent.h"

#include <Poco/Stopwatch.h>
#include <Poco/Thread.h>

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using polymur::consul::ConsulClient;
using polymur::consul::ConsulException;
using polymur::consul::ConsulOptions;
using polymur::consul::ConsulSettings;
using polymur::consul::KvListing;
using polymur::test::ConsulAgent;

namespace {

std::string noEnv(const std::string&)
{
    return {};
}

ConsulSettings settingsFor(const std::string& address, const std::string& token = {})
{
    ConsulOptions options;
    options.address = address;
    options.token = token;
    return polymur::consul::resolveSettings(options, noEnv);
}

ConsulException::Kind kindOf(const std::function<void()>& call)
{
    try
    {
        call();
    }
    catch (const ConsulException& e)
    {
        return e.kind();
    }
    CPPUNIT_FAIL("expected a ConsulException");
    return ConsulException::Kind::BadAnswer;
}

} // namespace

class ConsulClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConsulClientTest);
    CPPUNIT_TEST(testListGetPut);
    CPPUNIT_TEST(testCheckAndSet);
    CPPUNIT_TEST(testKeyPathsAreEncoded);
    CPPUNIT_TEST(testBlockingQueryWakesOnChange);
    CPPUNIT_TEST(testBlockingQueryTimesOut);
    CPPUNIT_TEST(testInterruptEndsBlockingQuery);
    CPPUNIT_TEST(testInterruptBeforeRequest);
    CPPUNIT_TEST(testUnreachable);
    CPPUNIT_TEST(testDatacenter);
    CPPUNIT_TEST(testAclToken);
    CPPUNIT_TEST(testHttps);
    CPPUNIT_TEST_SUITE_END();

public:
    void testListGetPut()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));

        KvListing listing = client.list("polymur/gateway/keys/");
        CPPUNIT_ASSERT(!listing.found);
        CPPUNIT_ASSERT(listing.entries.empty());
        CPPUNIT_ASSERT(listing.index > 0);

        client.put("polymur/gateway/keys/alice", "k-alice");
        agent.putKv("polymur/gateway/keys/bob", "k-bob");
        agent.putKv("polymur/other/eve", "k-eve");
        listing = client.list("polymur/gateway/keys/");
        CPPUNIT_ASSERT(listing.found);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("polymur/gateway/keys/alice"), listing.entries[0].key);
        CPPUNIT_ASSERT_EQUAL(std::string("k-alice"), listing.entries[0].value);
        CPPUNIT_ASSERT_EQUAL(std::string("k-bob"), listing.entries[1].value);

        const auto alice = client.get("polymur/gateway/keys/alice");
        CPPUNIT_ASSERT(alice.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("k-alice"), alice->value);
        CPPUNIT_ASSERT(alice->modifyIndex > 0);
        CPPUNIT_ASSERT(!client.get("polymur/gateway/keys/nobody").has_value());
        client.checkReadable("polymur/gateway/keys/");
    }

    void testCheckAndSet()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));

        CPPUNIT_ASSERT(client.putCas("p/a", "one", 0));
        CPPUNIT_ASSERT(!client.putCas("p/a", "two", 0)); // exists: create refused
        const auto a = client.get("p/a");
        CPPUNIT_ASSERT_EQUAL(std::string("one"), a->value);

        CPPUNIT_ASSERT(!client.putCas("p/a", "two", a->modifyIndex + 1000));
        CPPUNIT_ASSERT(client.putCas("p/a", "two", a->modifyIndex));
        const auto a2 = client.get("p/a");
        CPPUNIT_ASSERT_EQUAL(std::string("two"), a2->value);

        CPPUNIT_ASSERT(!client.removeCas("p/a", a->modifyIndex)); // stale index
        CPPUNIT_ASSERT(client.get("p/a").has_value());
        CPPUNIT_ASSERT(client.removeCas("p/a", a2->modifyIndex));
        CPPUNIT_ASSERT(!client.get("p/a").has_value());
    }

    void testKeyPathsAreEncoded()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));
        const std::string odd = "p/with space?and#hash%25";
        client.put(odd, "v");
        const auto entry = client.get(odd);
        CPPUNIT_ASSERT(entry.has_value());
        CPPUNIT_ASSERT_EQUAL(odd, entry->key);
        const KvListing listing = client.list("p/");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(odd, listing.entries[0].key);
    }

    void testBlockingQueryWakesOnChange()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));
        agent.putKv("p/a", "1");
        const KvListing first = client.list("p/");

        std::thread writer([&agent] {
            Poco::Thread::sleep(300);
            agent.putKv("p/b", "2");
        });
        Poco::Stopwatch watch;
        watch.start();
        const KvListing second = client.list("p/", first.index, Poco::Timespan(10, 0));
        watch.stop();
        writer.join();
        CPPUNIT_ASSERT(second.index > first.index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), second.entries.size());
        CPPUNIT_ASSERT_MESSAGE("woke after " + std::to_string(watch.elapsed() / 1000) + " ms",
                               watch.elapsed() < 3 * Poco::Timespan::SECONDS);
    }

    void testBlockingQueryTimesOut()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));
        agent.putKv("p/a", "1");
        const KvListing first = client.list("p/");
        Poco::Stopwatch watch;
        watch.start();
        const KvListing second = client.list("p/", first.index, Poco::Timespan(1, 0));
        watch.stop();
        CPPUNIT_ASSERT_EQUAL(first.index, second.index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), second.entries.size());
        CPPUNIT_ASSERT(watch.elapsed() >= 900 * Poco::Timespan::MILLISECONDS);
        CPPUNIT_ASSERT(watch.elapsed() < 5 * Poco::Timespan::SECONDS);
    }

    void testInterruptEndsBlockingQuery()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));
        agent.putKv("p/a", "1");
        const KvListing first = client.list("p/");

        std::thread stopper([&client] {
            Poco::Thread::sleep(300);
            client.interrupt();
        });
        Poco::Stopwatch watch;
        watch.start();
        const ConsulException::Kind kind = kindOf([&] { client.list("p/", first.index, Poco::Timespan(30, 0)); });
        watch.stop();
        stopper.join();
        CPPUNIT_ASSERT(kind == ConsulException::Kind::Interrupted);
        CPPUNIT_ASSERT_MESSAGE("interrupted after " + std::to_string(watch.elapsed() / 1000) + " ms",
                               watch.elapsed() < 2 * Poco::Timespan::SECONDS);
        // The client works again afterwards.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.list("p/").entries.size());
    }

    void testInterruptBeforeRequest()
    {
        ConsulAgent agent;
        agent.start();
        ConsulClient client(settingsFor(agent.address()));
        client.interrupt();
        CPPUNIT_ASSERT(kindOf([&] { client.list("p/"); }) == ConsulException::Kind::Interrupted);
        CPPUNIT_ASSERT(!client.list("p/").found);
    }

    void testUnreachable()
    {
        const std::uint16_t port = ConsulAgent::freePorts(1).at(0); // nothing listens there
        ConsulClient client(settingsFor("127.0.0.1:" + std::to_string(port)));
        try
        {
            client.list("p/");
            CPPUNIT_FAIL("list succeeded without an agent");
        }
        catch (const ConsulException& e)
        {
            CPPUNIT_ASSERT(e.kind() == ConsulException::Kind::Unreachable);
            CPPUNIT_ASSERT_MESSAGE(e.message(), e.message().find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
        }
    }

    void testDatacenter()
    {
        ConsulAgent agent;
        agent.start();
        ConsulOptions options;
        options.address = agent.address();
        options.datacenter = "dc1";
        ConsulClient client(polymur::consul::resolveSettings(options, noEnv));
        client.put("p/a", "1");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.list("p/").entries.size());

        options.datacenter = "nowhere";
        ConsulClient other(polymur::consul::resolveSettings(options, noEnv));
        try
        {
            other.list("p/");
            CPPUNIT_FAIL("unknown datacenter accepted");
        }
        catch (const ConsulException& e)
        {
            CPPUNIT_ASSERT(e.kind() == ConsulException::Kind::Http);
            CPPUNIT_ASSERT_EQUAL(500, e.status());
            CPPUNIT_ASSERT_MESSAGE(e.message(), e.message().find("datacenter") != std::string::npos);
        }
    }

    void testAclToken()
    {
        const std::string token = "6b0c7a4e-3c1f-4b8e-9d7a-2f5e1c0d9a11";
        ConsulAgent::Options options;
        options.aclToken = token;
        ConsulAgent agent(options);
        agent.start();
        agent.putKv("polymur/gateway/keys/alice", "k-alice");

        ConsulClient withToken(settingsFor(agent.address(), token));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), withToken.list("polymur/gateway/keys/").entries.size());
        withToken.checkReadable("polymur/gateway/keys/");

        // Without a token, Consul filters the list silently: it looks empty...
        ConsulClient anonymous(settingsFor(agent.address()));
        CPPUNIT_ASSERT(!anonymous.list("polymur/gateway/keys/").found);
        // ...but a single-key read tells the truth.
        try
        {
            anonymous.checkReadable("polymur/gateway/keys/");
            CPPUNIT_FAIL("anonymous read allowed");
        }
        catch (const ConsulException& e)
        {
            CPPUNIT_ASSERT_EQUAL(403, e.status());
            CPPUNIT_ASSERT_MESSAGE(e.message(), e.message().find("403 Forbidden") == 0);
        }

        ConsulClient wrongToken(settingsFor(agent.address(), "00000000-0000-0000-0000-000000000000"));
        try
        {
            wrongToken.list("polymur/gateway/keys/");
            CPPUNIT_FAIL("unknown token accepted");
        }
        catch (const ConsulException& e)
        {
            CPPUNIT_ASSERT_EQUAL(403, e.status());
            CPPUNIT_ASSERT_EQUAL(std::string("403 Forbidden: ACL not found"), e.message());
        }
    }

    void testHttps()
    {
        ConsulAgent::Options options;
        options.tls = true;
        ConsulAgent agent(options);
        agent.start();
        agent.putKv("p/a", "secure");

        ConsulOptions tls;
        tls.address = agent.httpsUrl();
        tls.caFile = agent.caFile();
        ConsulClient client(polymur::consul::resolveSettings(tls, noEnv));
        KvListing listing = client.list("p/");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("secure"), listing.entries[0].value);

        // A blocking query over TLS is interruptible too.
        std::thread stopper([&client] {
            Poco::Thread::sleep(300);
            client.interrupt();
        });
        Poco::Stopwatch watch;
        watch.start();
        const ConsulException::Kind kind = kindOf([&] { client.list("p/", listing.index, Poco::Timespan(30, 0)); });
        watch.stop();
        stopper.join();
        CPPUNIT_ASSERT(kind == ConsulException::Kind::Interrupted);
        CPPUNIT_ASSERT(watch.elapsed() < 2 * Poco::Timespan::SECONDS);

        // The agent's certificate is not trusted by the system CAs.
        ConsulOptions untrusted;
        untrusted.address = agent.httpsUrl();
        ConsulClient strict(polymur::consul::resolveSettings(untrusted, noEnv));
        CPPUNIT_ASSERT(kindOf([&] { strict.list("p/"); }) == ConsulException::Kind::Unreachable);

        untrusted.sslVerify = "false";
        ConsulClient lax(polymur::consul::resolveSettings(untrusted, noEnv));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lax.list("p/").entries.size());

        // CONSUL_HTTP_SSL upgrades a scheme-less address.
        ConsulOptions viaEnv;
        viaEnv.address = "127.0.0.1:" + std::to_string(agent.httpsPort());
        viaEnv.caFile = agent.caFile();
        viaEnv.ssl = "true";
        ConsulClient upgraded(polymur::consul::resolveSettings(viaEnv, noEnv));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), upgraded.list("p/").entries.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConsulClientTest);
