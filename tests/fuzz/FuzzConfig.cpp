// FuzzConfig.cpp - libFuzzer target: the configuration front end. The input
// is "<command-line arguments, one per line>\n\x00<INI text>": the arguments
// go through parseCommandLine(), the INI text through Settings (flags > env >
// INI > defaults), then every value is read the way GatewayApp reads it
// (sizes, seconds, booleans, destination lists).
#include "CommandLine.h"
#include "DestinationSpec.h"
#include "Settings.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\0');
    const std::string argText = input.substr(0, split);
    const std::string iniText = split == std::string::npos ? std::string() : input.substr(split + 1);

    std::vector<std::string> args;
    std::size_t start = 0;
    while (start <= argText.size() && args.size() < 64)
    {
        const std::size_t end = argText.find('\n', start);
        args.push_back(argText.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    polymur::CommandLine commandLine = polymur::parseCommandLine(args);
    if (!commandLine.error.empty())
        return 0;

    static const std::string iniFile = "/tmp/polymur-fuzz-config-" + std::to_string(::getpid()) + ".ini";
    {
        std::ofstream out(iniFile, std::ios::binary | std::ios::trunc);
        out << iniText;
    }
    commandLine.overrides["gateway.config"] = iniFile;
    try
    {
        polymur::Settings settings(commandLine.overrides, "/tmp");
        Poco::Util::AbstractConfiguration& cfg = settings.config();
        Poco::Util::AbstractConfiguration::Keys sections;
        cfg.keys(sections);
        for (const auto& section : sections)
        {
            Poco::Util::AbstractConfiguration::Keys keys;
            cfg.keys(section, keys);
            for (const auto& key : keys)
            {
                const std::string full = section + "." + key;
                try { (void)cfg.getString(full); } catch (const Poco::Exception&) {}
                try { (void)cfg.getInt64(full); } catch (const Poco::Exception&) {}
                try { (void)cfg.getDouble(full); } catch (const Poco::Exception&) {}
                try { (void)cfg.getBool(full); } catch (const Poco::Exception&) {}
            }
        }
        try
        {
            for (const auto& item : polymur::splitList(cfg.getString("gateway.destinations", "")))
            {
                polymur::Destination destination;
                std::string error;
                if (!polymur::parseDestination(item, destination, error) && error.empty())
                    std::abort(); // a refusal must say why
            }
        }
        catch (const Poco::Exception&)
        {
        }
        (void)settings.resolvePath(cfg.getString("gateway.cert", ""));
    }
    catch (const Poco::Exception&)
    {
        // A configuration the gateway refuses with a clear error: fine.
    }
    return 0;
}
