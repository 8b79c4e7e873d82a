// ConsulSettings.h - where and how to reach Consul: explicit options (config
// keys or command-line flags) falling back to the environment variables the
// official Consul clients read, then to the defaults. Pure.
#pragma once

#include <Poco/Timespan.h>

#include <cstdint>
#include <functional>
#include <string>

namespace polymur {
namespace consul {

/// Values as the user gave them; an empty string means "not set".
struct ConsulOptions
{
    std::string address;    ///< "host:port", "http://host:port" or "https://host:port".
    std::string ssl;        ///< "true"/"false" (any Go strconv.ParseBool spelling).
    std::string sslVerify;  ///< "true"/"false": verify the server certificate.
    std::string token;      ///< ACL token.
    std::string tokenFile;  ///< File holding the ACL token.
    std::string datacenter;
    std::string caFile;     ///< CA certificate file or directory.
    std::string certFile;   ///< Client certificate (mutual TLS).
    std::string keyFile;    ///< Client private key (mutual TLS).
};

/// Resolved settings, ready for ConsulClient.
struct ConsulSettings
{
    bool https = false;
    std::string host = "127.0.0.1";
    std::uint16_t port = 8500;
    bool verifyServer = true;
    std::string token;
    std::string datacenter;
    std::string caFile;
    std::string certFile;
    std::string keyFile;
    Poco::Timespan connectTimeout = Poco::Timespan(1, 0);
    Poco::Timespan requestTimeout = Poco::Timespan(5, 0);

    /// "http://127.0.0.1:8500" (for messages; never holds the token).
    std::string url() const;
};

/// Reads one environment variable; "" when unset.
using EnvLookup = std::function<std::string(const std::string&)>;

/// The process environment (Poco::Environment).
std::string processEnv(const std::string& name);

/// Resolves `options` with fallbacks, in this order for each setting:
///   address   : options.address, CONSUL_HTTP_ADDR, "127.0.0.1:8500"
///   https     : the address's scheme if it has one, else options.ssl,
///               CONSUL_HTTP_SSL, false (as the Go client: a scheme written
///               in the address wins)
///   port      : from the address, else 80 (http) / 443 (https) as in Go
///   verify    : options.sslVerify, CONSUL_HTTP_SSL_VERIFY, true
///   token     : options.token, options.tokenFile, CONSUL_HTTP_TOKEN,
///               CONSUL_HTTP_TOKEN_FILE, none
///   CA        : options.caFile, CONSUL_CACERT, CONSUL_CAPATH, system CAs
///   cert/key  : options.certFile/keyFile, CONSUL_CLIENT_CERT/CONSUL_CLIENT_KEY
/// Throws Poco::InvalidArgumentException with a clear message on a
/// malformed address, port or boolean, or an unreadable token file.
ConsulSettings resolveSettings(const ConsulOptions& options, const EnvLookup& env = processEnv);

/// Go's strconv.ParseBool spellings. Throws Poco::InvalidArgumentException
/// naming `what` otherwise.
bool parseBool(const std::string& text, const std::string& what);

} // namespace consul
} // namespace polymur
