// KeyStore.h - the key store contract: where valid API keys come from.
//
// The core owns the key cache that every request reads; a key store only
// publishes complete key sets into it. Lifecycle: create -> configure ->
// start -> (reload)* -> stop -> destroy.
#pragma once

#include "polymur/PluginConfig.h"

#include <cstdint>
#include <map>
#include <string>

namespace polymur {

/// API key -> key name ("test-key" -> "test-user").
using KeyMap = std::map<std::string, std::string>;

/// Implemented by the core; thread-safe.
class KeyPublisher
{
public:
    virtual ~KeyPublisher() = default;

    /// Replace the whole key set atomically. Requests see either the old or
    /// the new set, never a mix. The core logs "API keys refreshed: N new,
    /// M removed" when the set changed.
    virtual void publish(const KeyMap& keys) = 0;
};

/// Health figures a key store reports for stats.
struct KeyStoreHealth
{
    std::int64_t lastSuccessUnixMs = 0; ///< 0 = never synced.
    std::size_t keysLoaded = 0;
    std::string lastError;              ///< Empty when the last attempt succeeded.
};

class KeyStore
{
public:
    virtual ~KeyStore() = default;

    /// Validate settings; no threads yet. Throw Poco::Exception (or a
    /// std::exception) with a clear message on bad config.
    virtual void configure(const PluginConfig& config) = 0;

    /// Load keys and keep them in sync, publishing each full set through
    /// `publisher` (which outlives the key store). May start threads. Throw
    /// if the first load must succeed and did not.
    virtual void start(KeyPublisher& publisher) = 0;

    /// Re-read keys now (SIGHUP). Must not throw for a transient failure.
    virtual void reload() = 0;

    /// Stop threads; idempotent and bounded in time.
    virtual void stop() = 0;

    /// Thread-safe snapshot of health figures.
    virtual KeyStoreHealth health() const = 0;
};

} // namespace polymur
