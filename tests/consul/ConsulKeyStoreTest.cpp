// ConsulKeyStoreTest.cpp - runtime tests of the real polymur-keystore-consul
// plugin library (loaded with Poco::ClassLoader like the core does) against
// a real Consul dev agent: initial load, keys added / revoked / changed
// while running, Consul down and back, garbage answers, ACL tokens, HTTPS,
// start with Consul down, bounded stop.
#include "support/ConsulAgent.h"
#include "support/FaultProxy.h"
#include "support/KeyStorePlugin.h"
#include "support/LogCapture.h"
#include "MapPluginConfig.h"
#include "support/RecordingPublisher.h"
#include "TestNet.h"

#include <Poco/Environment.h>
#include <Poco/Stopwatch.h>
#include <Poco/Thread.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <iostream>

using polymur::KeyMap;
using polymur::KeyStore;
using polymur::KeyStoreHealth;
using polymur::test::ConsulAgent;
using polymur::test::FaultProxy;
using polymur::test::KeyStorePlugin;
using polymur::test::LogCapture;
using polymur::test::MapPluginConfig;
using polymur::test::RecordingPublisher;

namespace {

const std::string kPrefix = "polymur/gateway/keys/";
const std::string kLogger = "keystore:consul";
constexpr std::chrono::milliseconds kTwoSeconds(2000);

bool has(const KeyMap& keys, const std::string& key, const std::string& name)
{
    const auto it = keys.find(key);
    return it != keys.end() && it->second == name;
}

bool lacks(const KeyMap& keys, const std::string& key)
{
    return keys.find(key) == keys.end();
}

std::string describe(const std::vector<long>& samples)
{
    std::vector<long> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    return "min " + std::to_string(sorted.front()) + " ms, median " + std::to_string(sorted[sorted.size() / 2])
        + " ms, max " + std::to_string(sorted.back()) + " ms (n=" + std::to_string(sorted.size()) + ")";
}

/// One plugin instance wired to a recording publisher.
struct Store
{
    explicit Store(KeyStorePlugin& plugin, std::map<std::string, std::string> values)
        : config(plugin.descriptor(), std::move(values))
        , store(plugin.create("consul"))
    {
        store->configure(config);
    }

    ~Store()
    {
        store->stop();
    }

    MapPluginConfig config;
    RecordingPublisher publisher;
    std::unique_ptr<KeyStore> store;
};

} // namespace

class ConsulKeyStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConsulKeyStoreTest);
    CPPUNIT_TEST(testDescriptor);
    CPPUNIT_TEST(testBadConfigIsRefused);
    CPPUNIT_TEST(testKeysPresentBeforeStart);
    CPPUNIT_TEST(testAddRevokeAndChangeWhileRunning);
    CPPUNIT_TEST(testConsulDownKeepsKeysAndRecovers);
    CPPUNIT_TEST(testGarbageKeepsKeys);
    CPPUNIT_TEST(testStartWithConsulDown);
    CPPUNIT_TEST(testRequireInitialLoad);
    CPPUNIT_TEST(testAclToken);
    CPPUNIT_TEST(testHttpsWithCaFile);
    CPPUNIT_TEST(testEnvironmentFallback);
    CPPUNIT_TEST(testStopIsBounded);
    CPPUNIT_TEST(testReload);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _plugin = std::make_unique<KeyStorePlugin>(polymur::test::pluginPath("keystore-consul"));
    }

    void tearDown() override
    {
        _plugin.reset();
    }

    void testDescriptor()
    {
        const polymur::PluginDescriptor& d = _plugin->descriptor();
        CPPUNIT_ASSERT(d.kind == polymur::PluginKind::KeyStore);
        CPPUNIT_ASSERT_EQUAL(std::string("consul"), std::string(d.name));
        MapPluginConfig config(d);
        CPPUNIT_ASSERT_EQUAL(kPrefix, config.getString("prefix"));
        CPPUNIT_ASSERT_EQUAL(30.0, config.getDouble("sync-interval"));
        CPPUNIT_ASSERT_EQUAL(10.0, config.getDouble("wait-time"));
        CPPUNIT_ASSERT(!config.getBool("require-initial-load"));
        for (const char* key : {"address", "ssl", "token", "datacenter", "ca-file", "connect-timeout",
                                "request-timeout", "retry-max"})
            CPPUNIT_ASSERT_NO_THROW_MESSAGE(key, config.getString(key));
        for (std::size_t i = 0; i < d.configKeyCount; ++i)
            CPPUNIT_ASSERT(std::string(d.configKeys[i].doc).size() > 10);
    }

    void testBadConfigIsRefused()
    {
        const std::vector<std::map<std::string, std::string>> bad = {
            {{"address", "ftp://127.0.0.1:1"}},
            {{"address", "127.0.0.1:99999"}},
            {{"prefix", "/"}},
            {{"wait-time", "0"}},
            {{"sync-interval", "abc"}},
            {{"ssl", "maybe"}},
            {{"ca-file", "/nonexistent/ca.pem"}, {"address", "https://127.0.0.1:1"}},
            {{"require-initial-load", "perhaps"}},
        };
        for (const auto& values : bad)
        {
            MapPluginConfig config(_plugin->descriptor(), values);
            std::unique_ptr<KeyStore> store = _plugin->create("consul");
            try
            {
                store->configure(config);
                CPPUNIT_FAIL("accepted " + values.begin()->first + " = " + values.begin()->second);
            }
            catch (const Poco::Exception& e)
            {
                CPPUNIT_ASSERT_MESSAGE(e.displayText(), !e.displayText().empty());
            }
        }
    }

    void testKeysPresentBeforeStart()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        agent.putKv(kPrefix + "team/bob", "key-bob");
        agent.putKv(kPrefix + "carol", "key-alice"); // same key twice: alice wins
        agent.putKv(kPrefix + "empty", "");          // never a valid key
        agent.putKv("polymur/other/eve", "key-eve");

        LogCapture log(kLogger);
        Store s(*_plugin, {{"address", agent.address()}});
        s.store->start(s.publisher);
        // start() returns after the first load: the keys are there at once.
        const KeyMap keys = s.publisher.current();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keys.size());
        CPPUNIT_ASSERT(has(keys, "key-alice", "alice"));
        CPPUNIT_ASSERT(has(keys, "key-bob", "team/bob"));
        const KeyStoreHealth health = s.store->health();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), health.keysLoaded);
        CPPUNIT_ASSERT(health.lastError.empty());
        CPPUNIT_ASSERT(health.lastSuccessUnixMs > 0);
        CPPUNIT_ASSERT_MESSAGE(log.all(), log.all().find("carol (same key as alice)") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(log.all(), log.all().find("key-alice") == std::string::npos);
    }

    void testAddRevokeAndChangeWhileRunning()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        LogCapture log(kLogger);
        Store s(*_plugin, {{"address", agent.address()}});
        s.store->start(s.publisher);
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));

        std::vector<long> addMs;
        std::vector<long> revokeMs;
        for (int i = 0; i < 10; ++i)
        {
            const std::string name = "user" + std::to_string(i);
            const std::string key = "key-" + name;
            auto begin = RecordingPublisher::Clock::now();
            RecordingPublisher::Clock::time_point at;
            agent.putKv(kPrefix + name, key);
            CPPUNIT_ASSERT_MESSAGE("added key not published within 2 s",
                                   s.publisher.waitFor([&](const KeyMap& k) { return has(k, key, name); },
                                                       kTwoSeconds, &at));
            addMs.push_back(static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(at - begin).count()));

            begin = RecordingPublisher::Clock::now();
            agent.deleteKv(kPrefix + name);
            CPPUNIT_ASSERT_MESSAGE("deleted key still published after 2 s",
                                   s.publisher.waitFor([&](const KeyMap& k) { return lacks(k, key); }, kTwoSeconds,
                                                       &at));
            revokeMs.push_back(
                static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(at - begin).count()));
            Poco::Thread::sleep(100 * (i % 3)); // vary the phase against the blocking query
        }
        std::cout << "\n  keystore-consul add latency: " << describe(addMs) << "\n  keystore-consul revoke latency: "
                  << describe(revokeMs) << std::endl;

        // A changed value: the old key is refused, the new one accepted.
        agent.putKv(kPrefix + "alice", "key-alice-2");
        CPPUNIT_ASSERT(s.publisher.waitFor(
            [](const KeyMap& k) { return has(k, "key-alice-2", "alice") && lacks(k, "key-alice"); }, kTwoSeconds));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.publisher.current().size());
        CPPUNIT_ASSERT(s.store->health().lastError.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), log.lines(Poco::Message::PRIO_WARNING).size());
        CPPUNIT_ASSERT(log.all().find("key-alice") == std::string::npos);
    }

    void testConsulDownKeepsKeysAndRecovers()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        LogCapture log(kLogger);
        Store s(*_plugin, {{"address", agent.address()}, {"retry-max", "1"}});
        s.store->start(s.publisher);
        const std::size_t publicationsBefore = s.publisher.publications();

        agent.stop(true); // as a crash: SIGKILL
        Poco::Thread::sleep(4000); // several retries (0.25, 0.5, 1, 1, ... s)
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
        CPPUNIT_ASSERT_EQUAL(publicationsBefore, s.publisher.publications()); // nothing replaced the keys
        const KeyStoreHealth down = s.store->health();
        CPPUNIT_ASSERT_MESSAGE(down.lastError, down.lastError.find("cannot connect to Consul") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), down.keysLoaded);
        const auto warnings = log.lines(Poco::Message::PRIO_WARNING);
        CPPUNIT_ASSERT_MESSAGE(log.all(), warnings.size() == 1); // once per state change, not per retry

        // Consul comes back (a dev agent comes back empty) with new keys.
        agent.start();
        agent.putKv(kPrefix + "bob", "key-bob");
        CPPUNIT_ASSERT_MESSAGE(log.all(), s.publisher.waitFor(
                                              [](const KeyMap& k) { return has(k, "key-bob", "bob") && lacks(k, "key-alice"); },
                                              std::chrono::milliseconds(4000)));
        CPPUNIT_ASSERT(s.store->health().lastError.empty());
        CPPUNIT_ASSERT_MESSAGE(log.all(), log.all().find("recovered") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), log.lines(Poco::Message::PRIO_WARNING).size());

        // And blocking queries work again after the index went backwards.
        agent.putKv(kPrefix + "carol", "key-carol");
        CPPUNIT_ASSERT(s.publisher.waitFor([](const KeyMap& k) { return has(k, "key-carol", "carol"); }, kTwoSeconds));
    }

    void testGarbageKeepsKeys()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        FaultProxy proxy("127.0.0.1", agent.httpPort());
        LogCapture log(kLogger);
        Store s(*_plugin, {{"address", proxy.address()}, {"retry-max", "0.5"}, {"wait-time", "1"}});
        s.store->start(s.publisher);
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));

        proxy.setMode(FaultProxy::Mode::Garbage);
        // The blocking query in flight ends within wait-time; then garbage.
        Poco::Thread::sleep(3000);
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
        const KeyStoreHealth health = s.store->health();
        CPPUNIT_ASSERT_MESSAGE(health.lastError, health.lastError.find("bad KV answer") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), log.lines(Poco::Message::PRIO_WARNING).size());

        proxy.setMode(FaultProxy::Mode::Forward);
        agent.putKv(kPrefix + "bob", "key-bob");
        CPPUNIT_ASSERT(s.publisher.waitFor([](const KeyMap& k) { return has(k, "key-bob", "bob"); },
                                           std::chrono::milliseconds(3000)));
        CPPUNIT_ASSERT(s.store->health().lastError.empty());
    }

    void testStartWithConsulDown()
    {
        ConsulAgent agent; // not started yet: nothing listens on its port
        LogCapture log(kLogger);
        Store s(*_plugin, {{"address", agent.address()}, {"retry-max", "0.5"}});
        Poco::Stopwatch watch;
        watch.start();
        s.store->start(s.publisher);
        watch.stop();
        CPPUNIT_ASSERT(watch.elapsed() < 2 * Poco::Timespan::SECONDS);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.publisher.publications());
        const KeyStoreHealth health = s.store->health();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), health.lastSuccessUnixMs);
        CPPUNIT_ASSERT(!health.lastError.empty());
        CPPUNIT_ASSERT_MESSAGE(log.all(), log.all().find("Starting without API keys") != std::string::npos);

        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        CPPUNIT_ASSERT(s.publisher.waitFor([](const KeyMap& k) { return has(k, "key-alice", "alice"); },
                                           std::chrono::milliseconds(3000)));
        CPPUNIT_ASSERT(s.store->health().lastSuccessUnixMs > 0);
    }

    void testRequireInitialLoad()
    {
        const std::uint16_t port = ConsulAgent::freePorts(1).at(0);
        Store s(*_plugin, {{"address", "127.0.0.1:" + std::to_string(port)}, {"require-initial-load", "true"}});
        try
        {
            s.store->start(s.publisher);
            CPPUNIT_FAIL("start() succeeded without Consul");
        }
        catch (const Poco::Exception& e)
        {
            CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find("initial API key load") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(e.displayText(), e.displayText().find(std::to_string(port)) != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.publisher.publications());
    }

    void testAclToken()
    {
        const std::string token = "3f1d2c4b-5a6e-4f70-8192-a3b4c5d6e7f8";
        ConsulAgent::Options options;
        options.aclToken = token;
        ConsulAgent agent(options);
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");

        {
            Store s(*_plugin, {{"address", agent.address()}, {"token", token}});
            s.store->start(s.publisher);
            CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
        }
        {
            // No token: Consul filters the list to nothing; the plugin must
            // report the missing permission, not publish an empty set.
            LogCapture log(kLogger);
            Store s(*_plugin, {{"address", agent.address()}});
            s.store->start(s.publisher);
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.publisher.publications());
            const std::string error = s.store->health().lastError;
            CPPUNIT_ASSERT_MESSAGE(error, error.find("403 Forbidden") == 0);
            CPPUNIT_ASSERT_MESSAGE(log.all(), log.all().find("403 Forbidden") != std::string::npos);
        }
        {
            Store s(*_plugin, {{"address", agent.address()},
                               {"token", "00000000-0000-0000-0000-000000000000"},
                               {"require-initial-load", "true"}});
            try
            {
                s.store->start(s.publisher);
                CPPUNIT_FAIL("start() succeeded with an unknown token");
            }
            catch (const Poco::Exception& e)
            {
                CPPUNIT_ASSERT_MESSAGE(e.displayText(),
                                       e.displayText().find("403 Forbidden: ACL not found") != std::string::npos);
            }
        }
    }

    void testHttpsWithCaFile()
    {
        ConsulAgent::Options options;
        options.tls = true;
        ConsulAgent agent(options);
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        Store s(*_plugin, {{"address", agent.httpsUrl()}, {"ca-file", agent.caFile()}});
        s.store->start(s.publisher);
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
        agent.deleteKv(kPrefix + "alice");
        CPPUNIT_ASSERT(s.publisher.waitFor([](const KeyMap& k) { return k.empty(); }, kTwoSeconds));
        Poco::Stopwatch watch;
        watch.start();
        s.store->stop();
        watch.stop();
        CPPUNIT_ASSERT(watch.elapsed() < Poco::Timespan::SECONDS);
    }

    void testEnvironmentFallback()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv("custom/keys/alice", "key-alice");
        Poco::Environment::set("CONSUL_HTTP_ADDR", "http://" + agent.address());
        try
        {
            Store s(*_plugin, {{"prefix", "custom/keys"}});
            s.store->start(s.publisher);
            CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
        }
        catch (...)
        {
            Poco::Environment::set("CONSUL_HTTP_ADDR", "");
            throw;
        }
        Poco::Environment::set("CONSUL_HTTP_ADDR", "");
    }

    void testStopIsBounded()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        FaultProxy proxy("127.0.0.1", agent.httpPort());
        for (const FaultProxy::Mode mode : {FaultProxy::Mode::Forward, FaultProxy::Mode::Hang})
        {
            proxy.setMode(FaultProxy::Mode::Forward);
            Store s(*_plugin, {{"address", proxy.address()}, {"wait-time", "300"}, {"request-timeout", "60"}});
            s.store->start(s.publisher);
            // Forward: a 300 s blocking query is in flight. Hang: the full
            // re-read after a reload() hangs on a silent server.
            proxy.setMode(mode);
            if (mode == FaultProxy::Mode::Hang)
                s.store->reload();
            Poco::Thread::sleep(500);
            Poco::Stopwatch watch;
            watch.start();
            s.store->stop();
            watch.stop();
            CPPUNIT_ASSERT_MESSAGE("stop took " + std::to_string(watch.elapsed() / 1000) + " ms",
                                   watch.elapsed() < Poco::Timespan::SECONDS);
            s.store->stop(); // idempotent
        }
    }

    void testReload()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "key-alice");
        Store s(*_plugin, {{"address", agent.address()}, {"wait-time", "300"}});
        s.store->start(s.publisher);
        const std::int64_t first = s.store->health().lastSuccessUnixMs;
        Poco::Thread::sleep(20);
        s.store->reload(); // a full re-read now, not after the 300 s wait
        CPPUNIT_ASSERT(polymur::test::waitFor([&] { return s.store->health().lastSuccessUnixMs > first; },
                                             std::chrono::milliseconds(2000)));
        agent.stop();
        s.store->reload(); // must not throw while Consul is down
        CPPUNIT_ASSERT(has(s.publisher.current(), "key-alice", "alice"));
    }

private:
    std::unique_ptr<KeyStorePlugin> _plugin;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConsulKeyStoreTest);
