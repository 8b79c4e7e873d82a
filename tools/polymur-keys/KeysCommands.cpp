// KeysCommands.cpp - polymur-keys commands against Consul.
#include "KeysCommands.h"

#include "ConsulClient.h"
#include "KeyGenerator.h"
#include "KeyListing.h"

#include <ostream>

namespace polymur {
namespace keys {

namespace {

using consul::ConsulClient;

int list(ConsulClient& client, const std::string& prefix, bool withKeys, std::ostream& out)
{
    const std::vector<consul::NamedKey> keys = consul::namedKeys(client.list(prefix).entries, prefix);
    if (keys.empty())
        client.checkReadable(prefix); // an ACL-filtered list looks empty: say 403 instead
    for (const consul::NamedKey& key : keys)
    {
        if (withKeys)
            out << key.name << ": " << key.key << "\n";
        else
            out << key.name << "\n";
    }
    return kExitOk;
}

int create(ConsulClient& client, const std::string& path, const std::string& name, std::ostream& out,
           std::ostream& err)
{
    const std::string key = generateApiKey();
    if (!client.putCas(path, key, 0)) // only if absent
    {
        err << "polymur-keys: Key " << name << " already exists\n";
        return kExitRefused;
    }
    out << "Successfully registered " << name << " with key " << key << "\n";
    return kExitOk;
}

int regen(ConsulClient& client, const std::string& path, const std::string& name, std::ostream& out,
          std::ostream& err)
{
    const auto existing = client.get(path);
    if (!existing)
    {
        err << "polymur-keys: Key " << name << " doesn't exist\n";
        return kExitRefused;
    }
    const std::string key = generateApiKey();
    if (!client.putCas(path, key, existing->modifyIndex))
    {
        err << "polymur-keys: Key " << name << " changed while regenerating it; nothing written, try again\n";
        return kExitRefused;
    }
    out << "Successfully regenerated " << name << " with key " << key << "\n";
    return kExitOk;
}

int remove(ConsulClient& client, const std::string& path, const std::string& name, std::ostream& out,
           std::ostream& err)
{
    const auto existing = client.get(path);
    if (!existing)
    {
        err << "polymur-keys: Key " << name << " doesn't exist\n";
        return kExitRefused;
    }
    if (!client.removeCas(path, existing->modifyIndex))
    {
        err << "polymur-keys: Key " << name << " changed while deleting it; nothing deleted, try again\n";
        return kExitRefused;
    }
    out << "Successfully deleted " << name << "\n";
    return kExitOk;
}

} // namespace

int runKeysCommand(const KeysCommandLine& line, std::ostream& out, std::ostream& err)
{
    if (line.action == Action::Help)
    {
        out << usageText();
        return kExitOk;
    }

    consul::ConsulSettings settings;
    std::string prefix;
    std::unique_ptr<ConsulClient> client;
    try
    {
        settings = consul::resolveSettings(line.consul);
        settings.connectTimeout = Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(
            std::min(line.timeoutSeconds, 5.0) * Poco::Timespan::SECONDS));
        settings.requestTimeout =
            Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(line.timeoutSeconds * Poco::Timespan::SECONDS));
        prefix = consul::normalizePrefix(line.prefix.empty() ? consul::kDefaultKeyPrefix : line.prefix);
        client = std::make_unique<ConsulClient>(settings);
    }
    catch (const Poco::Exception& e)
    {
        err << "polymur-keys: " << e.message() << "\n";
        return kExitUsage;
    }

    const std::string path = prefix + line.name;
    try
    {
        switch (line.action)
        {
        case Action::ListNames: return list(*client, prefix, false, out);
        case Action::ListAll: return list(*client, prefix, true, out);
        case Action::Create: return create(*client, path, line.name, out, err);
        case Action::Regen: return regen(*client, path, line.name, out, err);
        case Action::Delete: return remove(*client, path, line.name, out, err);
        case Action::Help: break;
        }
    }
    catch (const consul::ConsulException& e)
    {
        err << "polymur-keys: " << e.message();
        if (e.status() == 403)
            err << " (check the ACL token: --token, --token-file or CONSUL_HTTP_TOKEN)";
        err << "\n";
        return kExitConsul;
    }
    catch (const Poco::Exception& e)
    {
        err << "polymur-keys: " << e.displayText() << "\n";
        return kExitConsul;
    }
    return kExitUsage;
}

} // namespace keys
} // namespace polymur
