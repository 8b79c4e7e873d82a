// PluginLoaderTest.cpp - finding, refusing and creating real plugin libraries.
#include "PluginLoader.h"
#include "SectionPluginConfig.h"

#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace polymur;

class PluginLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginLoaderTest);
    CPPUNIT_TEST(findsShippedPluginsByName);
    CPPUNIT_TEST(missingFile);
    CPPUNIT_TEST(wrongSdkVersionIsRefused);
    CPPUNIT_TEST(notAPlugin);
    CPPUNIT_TEST(unknownName);
    CPPUNIT_TEST(wrongKind);
    CPPUNIT_TEST(createsAndConfigures);
    CPPUNIT_TEST_SUITE_END();

    static std::string messageOf(const std::function<void()>& f)
    {
        try
        {
            f();
        }
        catch (const Poco::Exception& e)
        {
            return e.message();
        }
        return "";
    }

public:
    void findsShippedPluginsByName()
    {
        PluginLoader loader({POLYMUR_PLUGIN_DIR});
        CPPUNIT_ASSERT_EQUAL(std::string("static"), loader.find(PluginKind::KeyStore, "static").name);
        CPPUNIT_ASSERT_EQUAL(std::string("broadcast"), loader.find(PluginKind::Distribution, "broadcast").name);
        const PluginInfo out = loader.find(PluginKind::Output, "graphite");
        CPPUNIT_ASSERT_EQUAL(std::string("out-graphite"), out.section);
        CPPUNIT_ASSERT(out.findKey("write-timeout"));
        std::vector<std::string> problems;
        CPPUNIT_ASSERT(loader.scan(problems).size() >= 3);
        CPPUNIT_ASSERT(problems.empty());
    }

    void missingFile()
    {
        PluginLoader loader({POLYMUR_PLUGIN_DIR});
        const std::string msg = messageOf([&] { loader.find(PluginKind::Output, "/nonexistent/polymur-out-x.so"); });
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("plugin file not found: /nonexistent/polymur-out-x.so") != std::string::npos);
    }

    void wrongSdkVersionIsRefused()
    {
        const std::string path = std::string(POLYMUR_BAD_PLUGIN_DIR) + "/polymur-out-badsdk.so";
        const std::string msg = messageOf([&] { PluginLoader::probe(path); });
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find(path) != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("SDK 99.0") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("this gateway provides SDK 1.") != std::string::npos);
        // Found by its conventional name in the plugin path: refused, not skipped.
        PluginLoader loader({POLYMUR_BAD_PLUGIN_DIR});
        const std::string byName = messageOf([&] { loader.find(PluginKind::Output, "badsdk"); });
        CPPUNIT_ASSERT_MESSAGE(byName, byName.find("SDK 99.0") != std::string::npos);
        // And listed as a problem by a scan.
        std::vector<std::string> problems;
        loader.scan(problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), problems.size());
    }

    void notAPlugin()
    {
        const std::string path = std::string(POLYMUR_BAD_PLUGIN_DIR) + "/polymur-out-garbage.so";
        const std::string msg = messageOf([&] { PluginLoader::probe(path); });
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("cannot load plugin " + path) != std::string::npos);
    }

    void unknownName()
    {
        PluginLoader loader({POLYMUR_PLUGIN_DIR});
        const std::string msg = messageOf([&] { loader.find(PluginKind::KeyStore, "vault"); });
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("no keystore plugin named 'vault'") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("static") != std::string::npos); // lists what exists
    }

    void wrongKind()
    {
        PluginLoader loader({POLYMUR_PLUGIN_DIR});
        const std::string path = std::string(POLYMUR_PLUGIN_DIR) + "/polymur-dist-broadcast.so";
        const std::string msg = messageOf([&] { loader.find(PluginKind::Output, path); });
        CPPUNIT_ASSERT_MESSAGE(msg, msg.find("is a distribution plugin, not a output plugin") != std::string::npos);
    }

    void createsAndConfigures()
    {
        PluginLoader loader({POLYMUR_PLUGIN_DIR});
        const PluginInfo info = loader.find(PluginKind::KeyStore, "static");
        auto store = loader.createKeyStore(info);
        CPPUNIT_ASSERT(store);
        Poco::AutoPtr<Poco::Util::MapConfiguration> settings(new Poco::Util::MapConfiguration);
        settings->setString("keystore-static.keys", "alice:k1");
        settings->setString("keystore-static.typo", "x");
        SectionPluginConfig config(*settings, info);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), config.unknownKeys().size());
        CPPUNIT_ASSERT_EQUAL(std::string("typo"), config.unknownKeys()[0]);
        store->configure(config);
        struct Publisher : KeyPublisher
        {
            KeyMap last;
            void publish(const KeyMap& keys) override { last = keys; }
        } publisher;
        store->start(publisher);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), publisher.last["k1"]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->health().keysLoaded);
        store->stop();
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginLoaderTest);
