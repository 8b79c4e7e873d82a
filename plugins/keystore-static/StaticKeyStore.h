// StaticKeyStore.h - a key store without external services: keys from a
// file (re-read on reload/SIGHUP) and/or inline in the config.
#pragma once

#include "polymur/KeyStore.h"

#include <mutex>
#include <string>

namespace polymur {

class StaticKeyStore : public KeyStore
{
public:
    void configure(const PluginConfig& config) override;
    void start(KeyPublisher& publisher) override;
    void reload() override;
    void stop() override {}
    KeyStoreHealth health() const override;

private:
    /// Read all sources; throws with a message naming the file on failure.
    KeyMap load() const;

    std::string _file;
    std::string _inline;
    std::string _name;
    KeyPublisher* _publisher = nullptr;
    mutable std::mutex _mutex;
    KeyStoreHealth _health;
};

} // namespace polymur
