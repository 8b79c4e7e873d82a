// PolymurKeysToolTest.cpp - the polymur-keys binary, spawned as a user
// would run it, against a real Consul agent: the create/list/regen/delete
// round trip, every refusal and usage error with its exit code, an
// unreachable Consul, ACL tokens by flag and environment.
#include "support/ConsulAgent.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <thread>

using polymur::test::ConsulAgent;

namespace {

const std::string kPrefix = "polymur/gateway/keys/";

struct ToolResult
{
    int exitCode = -1;
    std::string out;
    std::string err;

    std::string describe() const
    {
        return "exit " + std::to_string(exitCode) + "\nstdout: " + out + "\nstderr: " + err;
    }
};

/// Runs build/bin/polymur-keys with `args`; the CONSUL_* variables of the
/// test's own environment are blanked unless given in `env`.
ToolResult runTool(const std::vector<std::string>& args, std::map<std::string, std::string> env = {})
{
    Poco::Process::Env processEnv;
    for (const char* name : {"CONSUL_HTTP_ADDR", "CONSUL_HTTP_TOKEN", "CONSUL_HTTP_TOKEN_FILE", "CONSUL_HTTP_SSL",
                             "CONSUL_HTTP_SSL_VERIFY", "CONSUL_CACERT", "CONSUL_CAPATH", "CONSUL_CLIENT_CERT",
                             "CONSUL_CLIENT_KEY"})
        processEnv[name] = "";
    for (const auto& [name, value] : env)
        processEnv[name] = value;

    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle = Poco::Process::launch(std::string(POLYMUR_BIN_DIR) + "/polymur-keys", args, nullptr,
                                                       &outPipe, &errPipe, processEnv);
    ToolResult result;
    std::thread errReader([&] {
        Poco::PipeInputStream err(errPipe);
        Poco::StreamCopier::copyToString(err, result.err);
    });
    Poco::PipeInputStream out(outPipe);
    Poco::StreamCopier::copyToString(out, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

/// The key printed by "Successfully registered|regenerated NAME with key KEY".
std::string printedKey(const std::string& out)
{
    const std::string marker = " with key ";
    const std::size_t at = out.find(marker);
    CPPUNIT_ASSERT_MESSAGE(out, at != std::string::npos);
    std::string key = out.substr(at + marker.size());
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r'))
        key.pop_back();
    return key;
}

bool isUrlSafe(const std::string& key)
{
    for (const char c : key)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            return false;
    }
    return true;
}

} // namespace

class PolymurKeysToolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PolymurKeysToolTest);
    CPPUNIT_TEST(testRoundTrip);
    CPPUNIT_TEST(testCreateExistingName);
    CPPUNIT_TEST(testUnknownName);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST(testConsulUnreachable);
    CPPUNIT_TEST(testAclTokenAndEnvironment);
    CPPUNIT_TEST(testKeysAreRandom);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRoundTrip()
    {
        ConsulAgent agent;
        agent.start();
        const std::string address = "--address=" + agent.address();

        ToolResult r = runTool({"create", "alice", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        const std::string key = printedKey(r.out);
        CPPUNIT_ASSERT_EQUAL(std::string("Successfully registered alice with key " + key + "\n"), r.out);
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), key.size()); // 192 bits
        CPPUNIT_ASSERT(isUrlSafe(key));
        CPPUNIT_ASSERT_EQUAL(key, agent.getKv(kPrefix + "alice").value_or(""));

        r = runTool({address, "create", "team/bob"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        const std::string bobKey = printedKey(r.out);

        r = runTool({"list", "names", "--address", agent.address()});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("alice\nteam/bob\n"), r.out);

        r = runTool({"list", "all", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        CPPUNIT_ASSERT_EQUAL("alice: " + key + "\nteam/bob: " + bobKey + "\n", r.out);

        r = runTool({"regen", "alice", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        const std::string newKey = printedKey(r.out);
        CPPUNIT_ASSERT(r.out.find("Successfully regenerated alice with key ") == 0);
        CPPUNIT_ASSERT(newKey != key);
        CPPUNIT_ASSERT_EQUAL(newKey, agent.getKv(kPrefix + "alice").value_or(""));

        r = runTool({"delete", "alice", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("Successfully deleted alice\n"), r.out);
        CPPUNIT_ASSERT(!agent.getKv(kPrefix + "alice").has_value());

        r = runTool({"list", "names", address});
        CPPUNIT_ASSERT_EQUAL(std::string("team/bob\n"), r.out);

        // Another prefix keeps its own keys.
        r = runTool({"create", "carol", address, "--prefix=other/keys"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        CPPUNIT_ASSERT(agent.getKv("other/keys/carol").has_value());
        r = runTool({"list", "names", address});
        CPPUNIT_ASSERT_EQUAL(std::string("team/bob\n"), r.out);

        r = runTool({"--help"});
        CPPUNIT_ASSERT_EQUAL(0, r.exitCode);
        CPPUNIT_ASSERT(r.out.find("usage: polymur-keys") == 0);
    }

    void testCreateExistingName()
    {
        ConsulAgent agent;
        agent.start();
        agent.putKv(kPrefix + "alice", "original-key");
        const ToolResult r = runTool({"create", "alice", "--address=" + agent.address()});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
        CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("Key alice already exists") != std::string::npos);
        CPPUNIT_ASSERT(r.out.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("original-key"), agent.getKv(kPrefix + "alice").value_or(""));
    }

    void testUnknownName()
    {
        ConsulAgent agent;
        agent.start();
        for (const char* command : {"regen", "delete"})
        {
            const ToolResult r = runTool({command, "nobody", "--address=" + agent.address()});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
            CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("Key nobody doesn't exist") != std::string::npos);
            CPPUNIT_ASSERT(!agent.getKv(kPrefix + "nobody").has_value()); // regen did not create it
        }
    }

    void testUsageErrors()
    {
        // No Consul needed: these fail before any request.
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
            {{}, "no command given"},
            {{"create"}, "'create' needs a key name"},
            {{"regen"}, "'regen' needs a key name"},
            {{"delete"}, "'delete' needs a key name"},
            {{"create", "a", "b"}, "takes one key name"},
            {{"list"}, "list names"},
            {{"list", "keys"}, "list names"},
            {{"frobnicate", "x"}, "unknown command 'frobnicate'"},
            {{"create", "x", "--colour=red"}, "unknown flag '--colour=red'"},
            {{"create", "a//b"}, "invalid key name 'a//b'"},
            {{"create", "/a"}, "invalid key name"},
            {{"create", "x", "--address"}, "--address needs a value"},
            {{"create", "x", "--timeout=-1"}, "--timeout needs a positive number"},
            {{"create", "x", "--address=ftp://h:1"}, "unsupported scheme 'ftp'"},
            {{"create", "x", "--ssl=perhaps"}, "not a boolean"},
        };
        for (const auto& [args, message] : cases)
        {
            const ToolResult r = runTool(args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 2, r.exitCode);
            CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find(message) != std::string::npos);
        }
    }

    void testConsulUnreachable()
    {
        const std::string port = std::to_string(ConsulAgent::freePorts(1).at(0));
        for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
                 {"list", "names"}, {"create", "alice"}, {"regen", "alice"}, {"delete", "alice"}})
        {
            std::vector<std::string> withAddress = args;
            withAddress.push_back("--address=127.0.0.1:" + port);
            const ToolResult r = runTool(withAddress);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 3, r.exitCode);
            CPPUNIT_ASSERT_MESSAGE(r.describe(),
                                   r.err.find("cannot connect to Consul at http://127.0.0.1:" + port) != std::string::npos);
        }
    }

    void testAclTokenAndEnvironment()
    {
        const std::string token = "9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a";
        ConsulAgent::Options options;
        options.aclToken = token;
        ConsulAgent agent(options);
        agent.start();
        const std::string address = "--address=" + agent.address();

        ToolResult r = runTool({"create", "alice", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 3, r.exitCode);
        CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("403 Forbidden") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("check the ACL token") != std::string::npos);

        r = runTool({"create", "alice", address, "--token=" + token});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);

        // An unreadable prefix is reported, not shown as empty.
        r = runTool({"list", "names", address});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 3, r.exitCode);
        CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("403 Forbidden") != std::string::npos);

        // Consul's own environment variables, as the official clients read them.
        r = runTool({"list", "names"}, {{"CONSUL_HTTP_ADDR", "http://" + agent.address()}, {"CONSUL_HTTP_TOKEN", token}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("alice\n"), r.out);

        r = runTool({"list", "names"}, {{"CONSUL_HTTP_ADDR", agent.address()}, {"CONSUL_HTTP_TOKEN", "wrong"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 3, r.exitCode);
        CPPUNIT_ASSERT_MESSAGE(r.describe(), r.err.find("403 Forbidden: ACL not found") != std::string::npos);
    }

    void testKeysAreRandom()
    {
        ConsulAgent agent;
        agent.start();
        std::set<std::string> keys;
        for (int i = 0; i < 20; ++i)
        {
            const ToolResult r = runTool({"create", "user" + std::to_string(i), "--address=" + agent.address()});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
            const std::string key = printedKey(r.out);
            CPPUNIT_ASSERT_EQUAL(std::size_t(32), key.size());
            CPPUNIT_ASSERT(isUrlSafe(key));
            keys.insert(key);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), keys.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PolymurKeysToolTest);
