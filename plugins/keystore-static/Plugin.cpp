// Plugin.cpp - exports the static key store to the gateway.
#include "StaticKeyStore.h"

#include "polymur/Plugin.h"

namespace {
const polymur::ConfigKeySpec kKeys[] = {
    {"file", "", "Key file: one 'name = key' per line, '#' comments; re-read on SIGHUP"},
    {"keys", "", "Inline keys: 'name:key, name2:key2'"},
};
}

POLYMUR_PLUGIN(KeyStore, polymur::StaticKeyStore, polymur::PluginKind::KeyStore, "static", "1.0.0",
               "API keys from a file and/or the config (no external service)", kKeys)
