// GatewayProcess.cpp - launching and watching the real binary.
#include "GatewayProcess.h"

#include "TestNet.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <csignal>
#include <sys/wait.h>

namespace polymur::test {

std::string gatewayBinary()
{
    return std::string(POLYMUR_BIN_DIR) + "/polymur-gateway";
}

GatewayProcess::GatewayProcess(GatewayOptions options) : _options(std::move(options))
{
    _dir = Poco::TemporaryFile::tempName();
    Poco::File(_dir).createDirectories();
}

GatewayProcess::~GatewayProcess()
{
    if (running())
    {
        signal(SIGKILL);
        waitExit(std::chrono::seconds(5));
    }
    if (_reader.joinable())
        _reader.join();
    try
    {
        Poco::File(_dir).remove(true);
    }
    catch (...)
    {
    }
}

bool GatewayProcess::start(std::chrono::milliseconds timeout)
{
    _httpsPort = freePort();
    _apiPort = freePort();
    _statPort = freePort();
    _args = {"-listen-addr=127.0.0.1:" + std::to_string(_httpsPort),
             "-api-addr=127.0.0.1:" + std::to_string(_apiPort),
             "-stat-addr=127.0.0.1:" + std::to_string(_statPort),
             "-cert=" + certFile(),
             "-key=" + _dir + "/key.pem",
             "--gateway.self-signed=true",
             "-distribution=" + _options.distribution,
             "--gateway.reconnect-min=0.2",
             "--gateway.reconnect-max=1"};
    if (_options.useStaticKeyStore)
    {
        _args.push_back("--plugins.keystore=static");
        _args.push_back("--keystore-static.keys=" + _options.keys);
    }
    if (!_options.destinations.empty())
        _args.push_back("-destinations=" + _options.destinations);
    if (!_options.iniText.empty())
    {
        const std::string ini = _dir + "/gateway.ini";
        Poco::FileOutputStream out(ini);
        out << _options.iniText;
        out.close();
        _args.push_back("-config=" + ini);
    }
    _args.insert(_args.end(), _options.extraArgs.begin(), _options.extraArgs.end());

    Poco::Pipe outPipe;
    Poco::Process::Env env(_options.env.begin(), _options.env.end());
    _handle = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(gatewayBinary(), _args, _dir, nullptr, &outPipe, &outPipe, env));
    _reader = std::thread([this, outPipe] { readLoop(outPipe); });
    return waitFor([&] { return !running() || output().find("HTTPS listener started") != std::string::npos; },
                   timeout) &&
           running();
}

void GatewayProcess::readLoop(Poco::Pipe pipe)
{
    char buffer[4096];
    for (;;)
    {
        const int n = pipe.readBytes(buffer, sizeof(buffer));
        if (n <= 0)
            break;
        std::lock_guard<std::mutex> lock(_mutex);
        _output.append(buffer, static_cast<std::size_t>(n));
    }
}

int GatewayProcess::pid() const
{
    return _handle ? _handle->id() : -1;
}

bool GatewayProcess::running() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!_handle || _exited)
        return false;
    int status = 0;
    const pid_t r = ::waitpid(_handle->id(), &status, WNOHANG);
    if (r == 0)
        return true;
    auto* self = const_cast<GatewayProcess*>(this);
    self->_exited = true;
    if (r > 0)
        self->_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
}

void GatewayProcess::signal(int sig)
{
    if (_handle)
        ::kill(_handle->id(), sig);
}

int GatewayProcess::waitExit(std::chrono::milliseconds timeout)
{
    if (!waitFor([&] { return !running(); }, timeout))
        return -1;
    if (_reader.joinable())
        _reader.join();
    std::lock_guard<std::mutex> lock(_mutex);
    return _exitCode;
}

std::string GatewayProcess::output() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _output;
}

bool GatewayProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const
{
    return waitFor([&] { return output().find(text) != std::string::npos; }, timeout);
}

} // namespace polymur::test
