// KeysCommandLine.cpp - polymur-keys argument parsing.
#include "KeysCommandLine.h"

#include "KeyListing.h"

#include <Poco/NumberParser.h>

#include <map>

namespace polymur {
namespace keys {

POCO_IMPLEMENT_EXCEPTION(UsageException, Poco::InvalidArgumentException, "Usage error")

namespace {

/// Flag name -> the field it sets (nullptr: handled specially).
std::string* flagField(KeysCommandLine& line, const std::string& flag)
{
    const std::map<std::string, std::string*> fields = {
        {"address", &line.consul.address},       {"token", &line.consul.token},
        {"token-file", &line.consul.tokenFile},  {"datacenter", &line.consul.datacenter},
        {"ca-file", &line.consul.caFile},        {"cert-file", &line.consul.certFile},
        {"key-file", &line.consul.keyFile},      {"ssl", &line.consul.ssl},
        {"ssl-verify", &line.consul.sslVerify},  {"prefix", &line.prefix},
    };
    const auto it = fields.find(flag);
    return it == fields.end() ? nullptr : it->second;
}

void requireName(const std::vector<std::string>& words, const std::string& command, std::string& name)
{
    if (words.size() < 2)
        throw UsageException("'" + command + "' needs a key name: polymur-keys " + command + " NAME");
    if (words.size() > 2)
        throw UsageException("'" + command + "' takes one key name, got " + std::to_string(words.size() - 1));
    name = words[1];
    if (!consul::isValidKeyName(name))
        throw UsageException("invalid key name '" + name
                             + "': use a non-empty name without control characters, leading or trailing '/'"
                               " or '//'");
}

} // namespace

KeysCommandLine parseCommandLine(const std::vector<std::string>& args)
{
    KeysCommandLine line;
    std::vector<std::string> words;
    bool flagsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (!flagsEnded && arg == "--")
        {
            flagsEnded = true; // a name may start with '-' after "--"
            continue;
        }
        if (flagsEnded || arg.size() < 2 || arg[0] != '-')
        {
            words.push_back(arg);
            continue;
        }
        if (arg == "-h" || arg == "--help")
            return KeysCommandLine{};
        const std::size_t start = arg.find_first_not_of('-');
        if (start == std::string::npos || start > 2)
            throw UsageException("unknown flag '" + arg + "'");
        const std::string body = arg.substr(start);
        const std::size_t eq = body.find('=');
        const std::string flag = body.substr(0, eq);
        std::string value;
        bool hasValue = eq != std::string::npos;
        if (hasValue)
            value = body.substr(eq + 1);
        if (flag == "ssl" && !hasValue)
        {
            value = "true";
            hasValue = true;
        }
        std::string* field = flagField(line, flag);
        if (!field && flag != "timeout")
            throw UsageException("unknown flag '" + arg + "'");
        if (!hasValue)
        {
            if (i + 1 >= args.size())
                throw UsageException("flag --" + flag + " needs a value");
            value = args[++i];
        }
        if (field)
        {
            *field = value;
        }
        else if (!Poco::NumberParser::tryParseFloat(value, line.timeoutSeconds) || line.timeoutSeconds <= 0)
        {
            throw UsageException("--timeout needs a positive number of seconds, got '" + value + "'");
        }
    }

    if (words.empty())
        throw UsageException("no command given");
    const std::string& command = words[0];
    if (command == "list")
    {
        if (words.size() != 2 || (words[1] != "names" && words[1] != "all"))
            throw UsageException("use 'polymur-keys list names' or 'polymur-keys list all'");
        line.action = words[1] == "names" ? Action::ListNames : Action::ListAll;
    }
    else if (command == "create" || command == "regen" || command == "delete")
    {
        requireName(words, command, line.name);
        line.action = command == "create" ? Action::Create : command == "regen" ? Action::Regen : Action::Delete;
    }
    else
    {
        throw UsageException("unknown command '" + command + "'");
    }
    return line;
}

std::string usageText()
{
    return R"(usage: polymur-keys [flags] COMMAND

Manage the polymur-gateway API keys stored in Consul KV
(<prefix><name> = <key>, prefix polymur/gateway/keys/ by default).

Commands:
  list names     show the key names
  list all       show "name: key" for every key
  create NAME    generate a key for a new name (fails if NAME exists)
  regen NAME     replace the key of an existing name
  delete NAME    remove NAME and its key (the gateway refuses it within ~1 s)

Flags (the CONSUL_* environment variables apply when a flag is not given):
  --address=HOST:PORT|URL  Consul HTTP API (CONSUL_HTTP_ADDR, default 127.0.0.1:8500)
  --token=TOKEN            ACL token (CONSUL_HTTP_TOKEN)
  --token-file=FILE        file holding the ACL token (CONSUL_HTTP_TOKEN_FILE)
  --datacenter=DC          datacenter (default: the agent's)
  --ssl[=true|false]       HTTPS when the address has no scheme (CONSUL_HTTP_SSL)
  --ssl-verify=true|false  verify Consul's certificate (CONSUL_HTTP_SSL_VERIFY)
  --ca-file=FILE|DIR       CA for Consul's certificate (CONSUL_CACERT, CONSUL_CAPATH)
  --cert-file=FILE         client certificate (CONSUL_CLIENT_CERT)
  --key-file=FILE          client key (CONSUL_CLIENT_KEY)
  --prefix=PREFIX          KV prefix (default polymur/gateway/keys/)
  --timeout=SECONDS        per request (default 10)

Exit codes: 0 done; 1 refused (name exists on create, unknown name on
regen/delete, changed concurrently); 2 usage error; 3 Consul error
(unreachable, permission denied, bad answer).
)";
}

} // namespace keys
} // namespace polymur
