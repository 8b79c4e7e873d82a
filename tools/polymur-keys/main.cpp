// main.cpp - polymur-keys: manage polymur-gateway API keys in Consul.
#include "KeysCommandLine.h"
#include "KeysCommands.h"

#include <iostream>

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    polymur::keys::KeysCommandLine line;
    try
    {
        line = polymur::keys::parseCommandLine(args);
    }
    catch (const polymur::keys::UsageException& e)
    {
        std::cerr << "polymur-keys: " << e.message() << "\n\n" << polymur::keys::usageText();
        return polymur::keys::kExitUsage;
    }
    return polymur::keys::runKeysCommand(line, std::cout, std::cerr);
}
