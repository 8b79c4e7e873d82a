// ConsulKeyStore.h - API keys from Consul KV ("<prefix><name>" = key, the
// original gateway's layout), kept in sync by a thread running blocking
// queries (a change shows within about a second) plus a full re-read every
// sync interval. Consul failures keep the cached keys, are logged once per
// change of state, and are retried with a capped backoff.
#pragma once

#include "ConsulClient.h"
#include "SyncRules.h"

#include "polymur/KeyStore.h"

#include <Poco/Event.h>
#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace polymur {
namespace consul {

class ConsulKeyStore : public KeyStore
{
public:
    ConsulKeyStore();
    ~ConsulKeyStore() override;

    void configure(const PluginConfig& config) override;
    void start(KeyPublisher& publisher) override;
    void reload() override;
    void stop() override;
    KeyStoreHealth health() const override;

private:
    /// One read of the prefix (blocking when waitIndex > 0); publishes the
    /// key set if it changed. Returns the X-Consul-Index. Throws
    /// ConsulException.
    std::uint64_t sync(std::uint64_t waitIndex, std::chrono::milliseconds wait);
    /// The sync thread; `index` is the X-Consul-Index of start()'s load (0
    /// when it failed).
    void run(std::uint64_t index);
    void recordSuccess(std::size_t keys);
    void recordFailure(const std::string& state, const std::string& message);
    /// Sleeps up to `delay`; false when woken by stop().
    bool pause(std::chrono::milliseconds delay);

    Poco::Logger* _log = nullptr;
    ConsulSettings _settings;
    std::string _prefix;
    std::chrono::milliseconds _waitTime{10000};
    std::chrono::milliseconds _syncInterval{30000};
    std::chrono::milliseconds _retryMax{5000};
    bool _requireInitialLoad = false;

    std::unique_ptr<ConsulClient> _client;
    KeyPublisher* _publisher = nullptr;
    bool _published = false;   ///< Sync thread (or start()) only, as the two below.
    KeyMap _lastPublished;
    std::string _lastShadowed;
    FailureTracker _failures;

    std::thread _thread;
    Poco::Event _wake;         ///< Ends a pause early (stop, reload).
    std::atomic<bool> _stopping{false};
    std::atomic<bool> _reloadRequested{false};

    mutable std::mutex _healthMutex;
    KeyStoreHealth _health;
};

} // namespace consul
} // namespace polymur
