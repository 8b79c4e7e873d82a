// ConsulSettings.cpp - resolving Consul connection settings.
#include "ConsulSettings.h"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <fstream>
#include <sstream>

namespace polymur {
namespace consul {

namespace {

std::string firstSet(const std::string& a, const std::string& b)
{
    return a.empty() ? b : a;
}

std::string readTokenFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Poco::InvalidArgumentException("cannot read the Consul token file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return Poco::trim(text.str());
}

/// Splits "[scheme://]host[:port]" into its parts.
void parseAddress(const std::string& address, ConsulSettings& settings, bool& hasScheme)
{
    std::string rest = address;
    hasScheme = false;
    const std::size_t sep = rest.find("://");
    if (sep != std::string::npos)
    {
        const std::string scheme = Poco::toLower(rest.substr(0, sep));
        if (scheme == "https")
            settings.https = true;
        else if (scheme == "http")
            settings.https = false;
        else
            throw Poco::InvalidArgumentException("unsupported scheme '" + scheme + "' in Consul address '" + address
                                                 + "' (use http:// or https://)");
        hasScheme = true;
        rest = rest.substr(sep + 3);
    }
    if (!rest.empty() && rest.back() == '/')
        rest.pop_back();
    if (rest.empty())
        throw Poco::InvalidArgumentException("Consul address '" + address + "' has no host");

    std::string host;
    std::string port;
    if (rest.front() == '[')
    {
        const std::size_t close = rest.find(']');
        if (close == std::string::npos)
            throw Poco::InvalidArgumentException("Consul address '" + address + "': missing ']'");
        host = rest.substr(1, close - 1);
        const std::string tail = rest.substr(close + 1);
        if (!tail.empty())
        {
            if (tail.front() != ':')
                throw Poco::InvalidArgumentException("Consul address '" + address + "': expected ':' after ']'");
            port = tail.substr(1);
        }
    }
    else
    {
        const std::size_t colon = rest.rfind(':');
        if (colon != std::string::npos && rest.find(':') != colon)
            throw Poco::InvalidArgumentException("Consul address '" + address
                                                 + "': write an IPv6 address as [addr]:port");
        host = rest.substr(0, colon);
        if (colon != std::string::npos)
            port = rest.substr(colon + 1);
    }
    if (host.empty() || host.find('/') != std::string::npos)
        throw Poco::InvalidArgumentException("Consul address '" + address + "' has no valid host");
    settings.host = host;
    settings.port = 0;
    if (!port.empty())
    {
        unsigned value = 0;
        if (!Poco::NumberParser::tryParseUnsigned(port, value) || value == 0 || value > 65535)
            throw Poco::InvalidArgumentException("Consul address '" + address + "': bad port '" + port + "'");
        settings.port = static_cast<std::uint16_t>(value);
    }
}

} // namespace

std::string ConsulSettings::url() const
{
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(https ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string processEnv(const std::string& name)
{
    return Poco::Environment::get(name, "");
}

bool parseBool(const std::string& text, const std::string& what)
{
    static const char* const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char* const no[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (const char* y : yes)
        if (text == y)
            return true;
    for (const char* n : no)
        if (text == n)
            return false;
    throw Poco::InvalidArgumentException(what + ": '" + text + "' is not a boolean (use true or false)");
}

ConsulSettings resolveSettings(const ConsulOptions& options, const EnvLookup& env)
{
    ConsulSettings settings;

    const std::string address = firstSet(firstSet(options.address, env("CONSUL_HTTP_ADDR")), "127.0.0.1:8500");
    bool hasScheme = false;
    parseAddress(address, settings, hasScheme);
    if (!hasScheme)
    {
        if (!options.ssl.empty())
            settings.https = parseBool(options.ssl, "ssl");
        else if (!env("CONSUL_HTTP_SSL").empty())
            settings.https = parseBool(env("CONSUL_HTTP_SSL"), "CONSUL_HTTP_SSL");
    }
    if (settings.port == 0)
        settings.port = settings.https ? 443 : 80;

    if (!options.sslVerify.empty())
        settings.verifyServer = parseBool(options.sslVerify, "ssl-verify");
    else if (!env("CONSUL_HTTP_SSL_VERIFY").empty())
        settings.verifyServer = parseBool(env("CONSUL_HTTP_SSL_VERIFY"), "CONSUL_HTTP_SSL_VERIFY");

    if (!options.token.empty())
        settings.token = options.token;
    else if (!options.tokenFile.empty())
        settings.token = readTokenFile(options.tokenFile);
    else if (!env("CONSUL_HTTP_TOKEN").empty())
        settings.token = env("CONSUL_HTTP_TOKEN");
    else if (!env("CONSUL_HTTP_TOKEN_FILE").empty())
        settings.token = readTokenFile(env("CONSUL_HTTP_TOKEN_FILE"));

    for (const char c : settings.token)
    {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            throw Poco::InvalidArgumentException("the Consul ACL token contains control characters");
    }

    settings.datacenter = options.datacenter;
    settings.caFile = firstSet(firstSet(options.caFile, env("CONSUL_CACERT")), env("CONSUL_CAPATH"));
    settings.certFile = firstSet(options.certFile, env("CONSUL_CLIENT_CERT"));
    settings.keyFile = firstSet(options.keyFile, env("CONSUL_CLIENT_KEY"));
    return settings;
}

} // namespace consul
} // namespace polymur
