// HashRoutePluginTest.cpp - runtime test of the real polymur-dist-hashroute.so:
// loaded with Poco::ClassLoader as the core loads it, routing checked against
// carbon's own vectors through the DistributionPolicy interface, failover
// membership and runtime destination changes driven through update().
#include "MapPluginConfig.h"
#include "VectorFile.h"

#include "polymur/Plugin.h"
#include "polymur/Sdk.h"

#include <Poco/ClassLoader.h>
#include <Poco/SharedLibrary.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

using polymur::DestinationState;
using polymur::DistributionPolicy;
using polymur::hashroute::HashType;
using polymur::hashroute::hashTypeName;
using polymur::hashroute::test::VectorFile;
using polymur::hashroute::test::VectorRing;

namespace {

const std::string kLibrary = std::string(POLYMUR_PLUGIN_DIR) + "/polymur-dist-hashroute.so";
constexpr std::size_t kNames = 4000; // names routed per ring through the plugin

/// Records the slot of every point, in order.
class SlotRecorder : public polymur::RouteBuilder
{
public:
    void toAllSlots() override { ++broadcasts; }
    void toSlot(std::size_t slot, const polymur::PointView& point) override
    {
        slots.push_back(slot);
        names.push_back(point.name);
    }
    std::vector<std::size_t> slots;
    std::vector<std::string_view> names;
    int broadcasts = 0;
};

/// A batch of "name 1 1700000000" lines over the first kNames vector names.
struct Batch
{
    Batch()
    {
        const auto& names = VectorFile::committed().names;
        for (std::size_t i = 0; i < kNames; ++i)
            lines.push_back(names[i] + " 1 1700000000");
        for (std::size_t i = 0; i < kNames; ++i)
            batch.points.push_back({lines[i], std::string_view(lines[i]).substr(0, names[i].size())});
        batch.source = "test";
    }
    std::vector<std::string> lines;
    polymur::LineBatch batch;
};

const VectorRing& vectorRing(const std::string& label, HashType type)
{
    for (const auto& ring : VectorFile::committed().rings)
    {
        if (ring.label == label && ring.type == type)
            return ring;
    }
    throw std::runtime_error("no vector ring " + label);
}

/// Destinations for a vector ring's nodes, all connected.
std::vector<DestinationState> destinationsFor(const VectorRing& ring)
{
    std::vector<DestinationState> out;
    for (std::size_t i = 0; i < ring.nodes.size(); ++i)
    {
        DestinationState state;
        state.destination.id = static_cast<std::uint32_t>(i + 1);
        state.destination.host = ring.nodes[i].server;
        state.destination.port = static_cast<std::uint16_t>(2003 + i);
        state.destination.instance = ring.nodes[i].instance.value_or("");
        state.destination.name = state.destination.host + ":" + std::to_string(state.destination.port)
                                 + (ring.nodes[i].instance ? ":" + *ring.nodes[i].instance : "");
        state.connected = true;
        out.push_back(state);
    }
    return out;
}

} // namespace

class HashRoutePluginTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HashRoutePluginTest);
    CPPUNIT_TEST(testDescriptor);
    CPPUNIT_TEST(testRoutingMatchesCarbon);
    CPPUNIT_TEST(testFailoverLeavesAndRejoins);
    CPPUNIT_TEST(testStrictModeKeepsOwners);
    CPPUNIT_TEST(testAllFailedKeepsRing);
    CPPUNIT_TEST(testRuntimeAddRemove);
    CPPUNIT_TEST(testBadConfigAndDestinations);
    CPPUNIT_TEST(testNoDestinations);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _loader.loadLibrary(kLibrary, POLYMUR_MANIFEST_NAME(DistributionPolicy)); }

    void tearDown() override { _loader.unloadLibrary(kLibrary); }

    void testDescriptor()
    {
        Poco::SharedLibrary library(kLibrary);
        using IntFn = int (*)();
        using DescriptorFn = const polymur::PluginDescriptor* (*)();
        CPPUNIT_ASSERT_EQUAL(POLYMUR_SDK_VERSION_MAJOR,
                             reinterpret_cast<IntFn>(library.getSymbol(POLYMUR_SDK_MAJOR_SYMBOL))());
        CPPUNIT_ASSERT_EQUAL(POLYMUR_SDK_VERSION_MINOR,
                             reinterpret_cast<IntFn>(library.getSymbol(POLYMUR_SDK_MINOR_SYMBOL))());
        const auto* d = reinterpret_cast<DescriptorFn>(library.getSymbol(POLYMUR_DESCRIPTOR_SYMBOL))();
        CPPUNIT_ASSERT(d->kind == polymur::PluginKind::Distribution);
        CPPUNIT_ASSERT_EQUAL(std::string("hash-route"), std::string(d->name));
        std::map<std::string, std::string> keys;
        for (std::size_t i = 0; i < d->configKeyCount; ++i)
        {
            keys[d->configKeys[i].key] = d->configKeys[i].defaultValue;
            CPPUNIT_ASSERT(std::string(d->configKeys[i].doc).size() > 10);
        }
        const std::map<std::string, std::string> expected{
            {"hash", "carbon_ch"}, {"replicas", "100"}, {"failover", "on"}, {"failover-after", "3"}};
        CPPUNIT_ASSERT(keys == expected);
        CPPUNIT_ASSERT(_loader.canCreate("hash-route"));
        library.unload();
    }

    /// Every ring of the vector file, through configure/update/route.
    void testRoutingMatchesCarbon()
    {
        Batch batch;
        std::size_t checked = 0;
        for (const VectorRing& ring : VectorFile::committed().rings)
        {
            auto policy = create({{"hash", hashTypeName(ring.type)}, {"replicas", std::to_string(ring.replicas)}});
            policy->update(destinationsFor(ring));
            checked += expectOwners(*policy, batch, ring, std::vector<bool>(ring.nodes.size(), false));
        }
        CPPUNIT_ASSERT_EQUAL(kNames * VectorFile::committed().rings.size(), checked);
    }

    void testFailoverLeavesAndRejoins()
    {
        Batch batch;
        for (const HashType type : {HashType::CarbonCh, HashType::Fnv1aCh})
        {
            const VectorRing& ring = vectorRing("four-local", type);
            auto policy = create({{"hash", hashTypeName(type)}});
            auto states = destinationsFor(ring);
            policy->update(states);
            CPPUNIT_ASSERT(policy->redistributesQueued());

            // Two failed reconnects: still a member, still its points.
            states[1].connected = false;
            states[1].consecutiveFailures = 2;
            policy->update(states);
            CPPUNIT_ASSERT(policy->isMember(1));
            expectOwners(*policy, batch, ring, {false, false, false, false});

            // The third: it leaves; only its points move.
            states[1].consecutiveFailures = 3;
            policy->update(states);
            CPPUNIT_ASSERT(!policy->isMember(1));
            CPPUNIT_ASSERT(policy->isMember(0) && policy->isMember(2) && policy->isMember(3));
            expectOwners(*policy, batch, ring, {false, true, false, false});

            // A second one fails too.
            states[3].connected = false;
            states[3].consecutiveFailures = 7;
            policy->update(states);
            CPPUNIT_ASSERT(!policy->isMember(3));
            expectOwners(*policy, batch, ring, {false, true, false, true});

            // Reconnected: back at its own positions.
            states[1].connected = true;
            states[1].consecutiveFailures = 0;
            states[3].connected = true;
            policy->update(states);
            CPPUNIT_ASSERT(policy->isMember(1) && policy->isMember(3));
            expectOwners(*policy, batch, ring, {false, false, false, false});
        }
        auto quick = create({{"failover-after", "1"}});
        auto states = destinationsFor(vectorRing("four-local", HashType::CarbonCh));
        states[2].connected = false;
        states[2].consecutiveFailures = 1;
        quick->update(states);
        CPPUNIT_ASSERT(!quick->isMember(2));
        CPPUNIT_ASSERT(!quick->isMember(4)); // no such slot
    }

    void testStrictModeKeepsOwners()
    {
        Batch batch;
        const VectorRing& ring = vectorRing("four-local", HashType::CarbonCh);
        auto policy = create({{"failover", "off"}});
        auto states = destinationsFor(ring);
        states[2].connected = false;
        states[2].consecutiveFailures = 50;
        policy->update(states);
        CPPUNIT_ASSERT(!policy->redistributesQueued());
        for (std::size_t slot = 0; slot < 4; ++slot)
            CPPUNIT_ASSERT(policy->isMember(slot));
        expectOwners(*policy, batch, ring, {false, false, false, false});
    }

    /// With every destination failed the ring stays whole (points wait).
    void testAllFailedKeepsRing()
    {
        Batch batch;
        const VectorRing& ring = vectorRing("four-local", HashType::CarbonCh);
        auto policy = create({});
        auto states = destinationsFor(ring);
        for (auto& state : states)
        {
            state.connected = false;
            state.consecutiveFailures = 3;
        }
        policy->update(states);
        for (std::size_t slot = 0; slot < 4; ++slot)
            CPPUNIT_ASSERT(policy->isMember(slot));
        expectOwners(*policy, batch, ring, {false, false, false, false});

        states[0].connected = true; // the first one back takes everything
        policy->update(states);
        CPPUNIT_ASSERT(policy->isMember(0) && !policy->isMember(1));
        SlotRecorder out;
        policy->route(batch.batch, out);
        CPPUNIT_ASSERT(std::all_of(out.slots.begin(), out.slots.end(), [](std::size_t s) { return s == 0; }));
    }

    /// Destinations added or removed at runtime: the ring is the one carbon
    /// builds for the new list.
    void testRuntimeAddRemove()
    {
        Batch batch;
        const VectorRing& three = vectorRing("three-local", HashType::CarbonCh);
        const VectorRing& four = vectorRing("four-local", HashType::CarbonCh);
        auto policy = create({});
        auto states = destinationsFor(three);
        policy->update(states);
        expectOwners(*policy, batch, three, {false, false, false});
        states = destinationsFor(four);
        policy->update(states);
        expectOwners(*policy, batch, four, {false, false, false, false});
        states.pop_back();
        policy->update(states);
        expectOwners(*policy, batch, three, {false, false, false});
    }

    void testBadConfigAndDestinations()
    {
        CPPUNIT_ASSERT_THROW(create({{"hash", "mmh3_ch"}}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(create({{"replicas", "0"}}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(create({{"replicas", "10001"}}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(create({{"failover-after", "0"}}), std::invalid_argument);

        Batch batch;
        const VectorRing& ring = vectorRing("four-local", HashType::CarbonCh);
        auto policy = create({});
        const auto good = destinationsFor(ring);
        policy->update(good);

        auto duplicate = good;
        duplicate[3].destination.instance = "a"; // same node as slot 0, other port
        try
        {
            policy->update(duplicate);
            CPPUNIT_FAIL("a duplicate ring node was accepted");
        }
        catch (const std::invalid_argument& e)
        {
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("('127.0.0.1', 'a')") != std::string::npos);
        }
        auto nonAscii = good;
        nonAscii[0].destination.instance = "caf\xc3\xa9";
        CPPUNIT_ASSERT_THROW(policy->update(nonAscii), std::invalid_argument);
        // The policy kept its ring.
        expectOwners(*policy, batch, ring, {false, false, false, false});
    }

    void testNoDestinations()
    {
        Batch batch;
        auto policy = create({});
        policy->update({});
        SlotRecorder out;
        policy->route(batch.batch, out);
        CPPUNIT_ASSERT(out.slots.empty());
        CPPUNIT_ASSERT_EQUAL(0, out.broadcasts);
        CPPUNIT_ASSERT(!policy->isMember(0));
    }

private:
    std::unique_ptr<DistributionPolicy> create(std::map<std::string, std::string> values)
    {
        Poco::SharedLibrary library(kLibrary);
        using DescriptorFn = const polymur::PluginDescriptor* (*)();
        const auto* descriptor = reinterpret_cast<DescriptorFn>(library.getSymbol(POLYMUR_DESCRIPTOR_SYMBOL))();
        const polymur::test::MapPluginConfig config(*descriptor, std::move(values));
        std::unique_ptr<DistributionPolicy> policy(_loader.create("hash-route"));
        policy->configure(config);
        library.unload();
        return policy;
    }

    /// Route the batch and check every point against carbon: the vector's
    /// owner, or for names owned by a node in `gone`, the owner carbon's
    /// remove_node() leaves (first remaining entry clockwise, from carbon's
    /// entries). Returns the number of points routed.
    std::size_t expectOwners(const DistributionPolicy& policy, const Batch& batch, const VectorRing& ring,
                             const std::vector<bool>& gone)
    {
        SlotRecorder out;
        policy.route(batch.batch, out);
        CPPUNIT_ASSERT_EQUAL(kNames, out.slots.size());
        for (std::size_t i = 0; i < kNames; ++i)
        {
            CPPUNIT_ASSERT(out.names[i].data() == batch.batch.points[i].name.data());
            std::size_t expected = ring.owners[i];
            if (gone[expected])
                expected = polymur::hashroute::test::ownerWithout(ring, VectorFile::committed().names[i], gone);
            if (out.slots[i] != expected)
            {
                std::ostringstream msg;
                msg << ring.describe() << " name #" << i << ": expected slot " << expected << ", routed to "
                    << out.slots[i];
                CPPUNIT_FAIL(msg.str());
            }
        }
        return out.slots.size();
    }

    Poco::ClassLoader<DistributionPolicy> _loader;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HashRoutePluginTest);
