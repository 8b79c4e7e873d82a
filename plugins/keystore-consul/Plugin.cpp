// Plugin.cpp - exports the Consul key store to the gateway.
#include "ConsulKeyStore.h"

#include "polymur/Plugin.h"

namespace {
const polymur::ConfigKeySpec kKeys[] = {
    {"address", "", "Consul HTTP API, host:port or http(s)://host:port; empty: $CONSUL_HTTP_ADDR, else 127.0.0.1:8500"},
    {"ssl", "", "true: HTTPS when the address has no scheme; empty: $CONSUL_HTTP_SSL, else false"},
    {"ssl-verify", "", "false: do not verify Consul's certificate; empty: $CONSUL_HTTP_SSL_VERIFY, else true"},
    {"ca-file", "", "CA file or directory for Consul's certificate; empty: $CONSUL_CACERT, $CONSUL_CAPATH, else system CAs"},
    {"cert-file", "", "Client certificate for mutual TLS; empty: $CONSUL_CLIENT_CERT"},
    {"key-file", "", "Client private key for mutual TLS; empty: $CONSUL_CLIENT_KEY"},
    {"token", "", "ACL token sent as X-Consul-Token; empty: token-file, $CONSUL_HTTP_TOKEN, $CONSUL_HTTP_TOKEN_FILE"},
    {"token-file", "", "File holding the ACL token (keeps the token out of this file)"},
    {"datacenter", "", "Datacenter to read keys from; empty: the agent's own"},
    {"prefix", "polymur/gateway/keys/", "KV prefix; every <prefix><name> = <API key> is a valid key named <name>"},
    {"wait-time", "10", "Seconds a blocking query waits for a change (changes apply within about 1 s regardless)"},
    {"sync-interval", "30", "Seconds between full re-reads of all keys, on top of the blocking queries"},
    {"connect-timeout", "1", "Seconds to connect to Consul, TLS handshake included"},
    {"request-timeout", "5", "Seconds for a Consul answer (blocking queries get wait-time on top)"},
    {"retry-max", "5", "Longest pause in seconds between retries while Consul fails (backoff from 0.25 s)"},
    {"require-initial-load", "false", "true: refuse to start when the first key load fails; false: start, retry"},
};
}

POLYMUR_PLUGIN(KeyStore, polymur::consul::ConsulKeyStore, polymur::PluginKind::KeyStore, "consul", "1.0.0",
               "API keys from Consul KV, synced with blocking queries", kKeys)
