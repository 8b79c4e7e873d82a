// GatewayApp.h - the polymur-gateway server application: loads the plugins
// named in the configuration, starts the key store, the destinations and the
// HTTPS listener, and shuts them down in reverse order.
#pragma once

#include "CommandLine.h"
#include "Settings.h"

#include <Poco/Util/ServerApplication.h>

#include <memory>

namespace polymur {

class GatewayApp : public Poco::Util::ServerApplication
{
public:
    GatewayApp(CommandLine commandLine, std::string workingDir);
    ~GatewayApp() override;

protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const std::vector<std::string>& args) override;

private:
    int listPlugins();
    int serve();

    CommandLine _commandLine;
    std::string _workingDir;
    std::unique_ptr<Settings> _settings;
};

} // namespace polymur
