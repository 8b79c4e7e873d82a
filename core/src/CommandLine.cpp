// CommandLine.cpp - Go flag package semantics for the gateway's flags.
#include "CommandLine.h"

#include "GatewayFlags.h"

namespace polymur {

namespace {

bool isBoolText(const std::string& v)
{
    return v == "true" || v == "false" || v == "1" || v == "0" || v == "TRUE" || v == "FALSE" ||
           v == "True" || v == "False" || v == "t" || v == "f" || v == "T" || v == "F";
}

std::string normaliseBool(const std::string& v)
{
    return (v == "true" || v == "1" || v == "TRUE" || v == "True" || v == "t" || v == "T") ? "true" : "false";
}

} // namespace

CommandLine parseCommandLine(const std::vector<std::string>& args)
{
    CommandLine result;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg.size() < 2 || arg[0] != '-')
        {
            result.error = "unexpected argument: " + arg;
            return result;
        }
        if (arg == "--")
            break;
        std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
        std::string name = body;
        std::string value;
        bool hasValue = false;
        if (auto eq = body.find('='); eq != std::string::npos)
        {
            name = body.substr(0, eq);
            value = body.substr(eq + 1);
            hasValue = true;
        }
        if (name == "help" || name == "h")
        {
            result.help = true;
            continue;
        }
        if (name == "list-plugins")
        {
            result.listPlugins = true;
            continue;
        }
        if (name == "daemon")
        {
            result.daemonArgs.push_back("--daemon");
            continue;
        }
        if (name == "pidfile" || name == "umask")
        {
            if (!hasValue)
            {
                if (i + 1 >= args.size())
                {
                    result.error = "flag needs an argument: -" + name;
                    return result;
                }
                value = args[++i];
            }
            result.daemonArgs.push_back("--" + name + "=" + value);
            continue;
        }
        if (name.find('.') != std::string::npos)
        {
            // Any config key, e.g. --gateway.self-signed=true or --out-graphite.write-timeout=5.
            if (!hasValue)
            {
                if (i + 1 >= args.size())
                {
                    result.error = "flag needs an argument: -" + name;
                    return result;
                }
                value = args[++i];
            }
            result.overrides[name] = value;
            continue;
        }
        const FlagSpec* spec = findFlag(name);
        if (!spec)
        {
            result.error = "flag provided but not defined: -" + name;
            return result;
        }
        if (spec->isBool)
        {
            if (hasValue && !isBoolText(value))
            {
                result.error = "invalid boolean value \"" + value + "\" for -" + name;
                return result;
            }
            result.overrides[spec->key] = hasValue ? normaliseBool(value) : "true";
            continue;
        }
        if (!hasValue)
        {
            if (i + 1 >= args.size())
            {
                result.error = "flag needs an argument: -" + name;
                return result;
            }
            value = args[++i];
        }
        result.overrides[spec->key] = value;
    }
    return result;
}

} // namespace polymur
