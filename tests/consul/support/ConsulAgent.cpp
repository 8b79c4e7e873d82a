// ConsulAgent.cpp - a real Consul dev agent for tests.
#include "ConsulAgent.h"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NullStream.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <stdexcept>
#include <vector>

#ifndef POLYMUR_CONSUL_BIN
#error "POLYMUR_CONSUL_BIN must be defined by CMake"
#endif
#ifndef POLYMUR_CONSUL_DEV_SCRIPT
#error "POLYMUR_CONSUL_DEV_SCRIPT must be defined by CMake"
#endif

namespace polymur {
namespace test {

ConsulAgent::ConsulAgent()
    : ConsulAgent(Options())
{
}

ConsulAgent::ConsulAgent(const Options& options)
    : _options(options)
    , _dir(Poco::TemporaryFile::tempName())
{
    _dir.makeDirectory();
    choosePorts();
}

void ConsulAgent::choosePorts()
{
    const std::vector<std::uint16_t> ports = freePorts(4);
    _httpPort = ports[0];
    _serfPort = ports[1];
    _serverPort = ports[2];
    if (_options.tls)
        _httpsPort = ports[3];
}

ConsulAgent::~ConsulAgent()
{
    try
    {
        stop();
        Poco::File(_dir).remove(true);
    }
    catch (...)
    {
    }
}

std::string ConsulAgent::binary()
{
    const std::string fromEnv = Poco::Environment::get("CONSUL_BIN", "");
    return fromEnv.empty() ? std::string(POLYMUR_CONSUL_BIN) : fromEnv;
}

std::vector<std::uint16_t> ConsulAgent::freePorts(std::size_t count)
{
    // All sockets stay open until every port is chosen, so the ports differ.
    std::vector<Poco::Net::ServerSocket> sockets;
    std::vector<std::uint16_t> ports;
    for (std::size_t i = 0; i < count; ++i)
    {
        sockets.emplace_back(Poco::Net::SocketAddress("127.0.0.1", 0));
        ports.push_back(sockets.back().address().port());
    }
    return ports;
}

void ConsulAgent::runScript(const std::string& command, std::string& output) const
{
    Poco::Process::Args args{command == "kill" ? "stop" : command, _dir.toString()};
    if (command == "kill")
        args.push_back("--kill");
    if (command == "start")
    {
        if (!_options.aclToken.empty())
        {
            args.push_back("--acl");
            args.push_back(_options.aclToken);
        }
        if (_options.tls)
            args.push_back("--tls");
    }
    Poco::Process::Env env;
    env["CONSUL_BIN"] = binary();
    env["CONSUL_DEV_HTTP_PORT"] = std::to_string(_httpPort);
    env["CONSUL_DEV_SERF_LAN_PORT"] = std::to_string(_serfPort);
    env["CONSUL_DEV_SERVER_PORT"] = std::to_string(_serverPort);
    if (_options.tls)
        env["CONSUL_DEV_HTTPS_PORT"] = std::to_string(_httpsPort);

    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle = Poco::Process::launch(POLYMUR_CONSUL_DEV_SCRIPT, args, nullptr, &outPipe, &errPipe, env);
    Poco::PipeInputStream out(outPipe);
    Poco::PipeInputStream err(errPipe);
    output.clear();
    Poco::StreamCopier::copyToString(out, output);
    std::string errors;
    Poco::StreamCopier::copyToString(err, errors);
    const int rc = handle.wait();
    if (rc != 0)
        throw std::runtime_error("consul-dev.sh " + command + " failed (exit " + std::to_string(rc) + "): " + errors);
}

void ConsulAgent::start()
{
    if (_running)
        return;
    if (!Poco::File(binary()).exists())
        throw std::runtime_error("consul binary not found at " + binary()
                                          + ": run tests/tools/fetch-consul.sh <build dir> (or set CONSUL_BIN)");
    std::string output;
    for (int attempt = 1;; ++attempt)
    {
        try
        {
            runScript("start", output);
            break;
        }
        catch (const std::runtime_error& e)
        {
            // Another process took a chosen port; only a first start may move.
            const bool portTaken = std::string(e.what()).find("address already in use") != std::string::npos;
            if (!portTaken || _started || attempt == 3)
                throw;
            choosePorts();
        }
    }
    _running = true;
    _started = true;
}

void ConsulAgent::stop(bool kill)
{
    if (!_running)
        return;
    std::string output;
    runScript(kill ? "kill" : "stop", output);
    _running = false;
}

std::string ConsulAgent::address() const
{
    return "127.0.0.1:" + std::to_string(_httpPort);
}

std::string ConsulAgent::httpsUrl() const
{
    return "https://127.0.0.1:" + std::to_string(_httpsPort);
}

std::string ConsulAgent::caFile() const
{
    return Poco::Path(_dir, "tls/consul-agent-ca.pem").toString();
}

std::string ConsulAgent::logFile() const
{
    return Poco::Path(_dir, "consul.log").toString();
}

int ConsulAgent::request(const std::string& method, const std::string& path, const std::string& body,
                         const std::string& token, std::string* answer) const
{
    Poco::Net::HTTPClientSession session("127.0.0.1", _httpPort);
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request(method, "/v1/kv/" + path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty())
        request.set("X-Consul-Token", token);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    if (answer)
    {
        Poco::StreamCopier::copyToString(in, *answer);
    }
    else
    {
        Poco::NullOutputStream sink;
        Poco::StreamCopier::copyStream(in, sink);
    }
    return response.getStatus();
}

void ConsulAgent::putKv(const std::string& path, const std::string& value) const
{
    const int status = request(Poco::Net::HTTPRequest::HTTP_PUT, path, value, _options.aclToken);
    if (status != 200)
        throw std::runtime_error("PUT " + path + " answered " + std::to_string(status));
}

void ConsulAgent::deleteKv(const std::string& path) const
{
    const int status = request(Poco::Net::HTTPRequest::HTTP_DELETE, path, "", _options.aclToken);
    if (status != 200)
        throw std::runtime_error("DELETE " + path + " answered " + std::to_string(status));
}

std::optional<std::string> ConsulAgent::getKv(const std::string& path) const
{
    std::string value;
    const int status = request(Poco::Net::HTTPRequest::HTTP_GET, path + "?raw", "", _options.aclToken, &value);
    if (status == 404)
        return std::nullopt;
    if (status != 200)
        throw std::runtime_error("GET " + path + " answered " + std::to_string(status));
    return value;
}

int ConsulAgent::getKvStatus(const std::string& path, const std::string& token) const
{
    return request(Poco::Net::HTTPRequest::HTTP_GET, path, "", token);
}

} // namespace test
} // namespace polymur
