// ConsulKeyStore.cpp - the Consul key store and its sync thread.
#include "ConsulKeyStore.h"

#include "KeyListing.h"
#include "KeySet.h"

#include <Poco/Exception.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cmath>

namespace polymur {
namespace consul {

namespace {

constexpr std::chrono::milliseconds kRetryMin{250};
/// Least time between two reads, so an agent that answers blocking
/// queries at once (a bug seen in old Consul versions) is not hammered.
constexpr std::chrono::milliseconds kMinSpacing{50};

std::chrono::milliseconds seconds(const PluginConfig& config, const std::string& key, double min, double max)
{
    const double value = config.getDouble(key);
    if (!(value >= min && value <= max))
        throw Poco::InvalidArgumentException(config.instanceName() + ": " + key + " must be between "
                                             + Poco::NumberFormatter::format(min) + " and "
                                             + Poco::NumberFormatter::format(max) + " seconds");
    return std::chrono::milliseconds(static_cast<long long>(std::llround(value * 1000)));
}

std::string failureState(const ConsulException& error)
{
    switch (error.kind())
    {
    case ConsulException::Kind::Unreachable: return "unreachable";
    case ConsulException::Kind::Http: return "http " + std::to_string(error.status());
    case ConsulException::Kind::BadAnswer: return "bad answer";
    case ConsulException::Kind::Interrupted: return "interrupted";
    }
    return "unknown";
}

std::int64_t nowUnixMs()
{
    return Poco::Timestamp().epochMicroseconds() / 1000;
}

} // namespace

ConsulKeyStore::ConsulKeyStore()
    : _wake(Poco::Event::EVENT_AUTORESET)
{
}

ConsulKeyStore::~ConsulKeyStore()
{
    stop();
}

void ConsulKeyStore::configure(const PluginConfig& config)
{
    _log = &Poco::Logger::get(config.instanceName());

    // Relative paths in the config are relative to the gateway's start
    // directory (--daemon changes to /).
    const Poco::Path workingDir = Poco::Path(config.getGlobal("runtime.working-dir", "")).makeDirectory();
    const auto path = [&](const std::string& key) {
        const std::string value = config.getString(key);
        return value.empty() || Poco::Path(value).isAbsolute() ? value : Poco::Path(workingDir, value).toString();
    };
    ConsulOptions options;
    options.address = config.getString("address");
    options.ssl = config.getString("ssl");
    options.sslVerify = config.getString("ssl-verify");
    options.caFile = path("ca-file");
    options.certFile = path("cert-file");
    options.keyFile = path("key-file");
    options.token = config.getString("token");
    options.tokenFile = path("token-file");
    options.datacenter = config.getString("datacenter");
    try
    {
        _settings = resolveSettings(options);
        _prefix = normalizePrefix(config.getString("prefix"));
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::InvalidArgumentException(config.instanceName() + ": " + e.message());
    }
    _settings.connectTimeout = Poco::Timespan(seconds(config, "connect-timeout", 0.05, 60).count() * 1000);
    _settings.requestTimeout = Poco::Timespan(seconds(config, "request-timeout", 0.1, 300).count() * 1000);
    _waitTime = seconds(config, "wait-time", 0.1, 600);
    _syncInterval = seconds(config, "sync-interval", 1, 86400);
    _retryMax = seconds(config, "retry-max", kRetryMin.count() / 1000.0, 3600);
    _requireInitialLoad = config.getBool("require-initial-load");

    // Loads the TLS files now, so a bad CA path fails at configure time.
    try
    {
        _client = std::make_unique<ConsulClient>(_settings);
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::InvalidArgumentException(config.instanceName() + ": cannot set up TLS for Consul: "
                                             + e.displayText());
    }
}

void ConsulKeyStore::start(KeyPublisher& publisher)
{
    if (!_client)
        throw Poco::IllegalStateException("keystore consul: start() before configure()");
    _publisher = &publisher;
    _stopping = false;

    std::uint64_t index = 0;
    try
    {
        index = sync(0, std::chrono::milliseconds(0));
        _log->information("Loaded %z API keys from Consul at %s (prefix %s)", _lastPublished.size(),
                          _settings.url(), _prefix);
    }
    catch (const ConsulException& e)
    {
        recordFailure(failureState(e), e.message());
        if (_requireInitialLoad)
            throw Poco::IOException("initial API key load from Consul at " + _settings.url() + " failed: "
                                    + e.message() + " (require-initial-load = true)");
        _log->warning("Starting without API keys from Consul; the gateway refuses every key until Consul "
                      "answers (retrying in the background)");
    }
    _thread = std::thread([this, index] { run(index); });
}

void ConsulKeyStore::reload()
{
    _reloadRequested = true;
    _wake.set();
    if (_client)
        _client->interrupt();
}

void ConsulKeyStore::stop()
{
    if (!_thread.joinable())
        return;
    _stopping = true;
    _wake.set();
    _client->interrupt();
    _thread.join();
}

KeyStoreHealth ConsulKeyStore::health() const
{
    std::lock_guard<std::mutex> lock(_healthMutex);
    return _health;
}

std::uint64_t ConsulKeyStore::sync(std::uint64_t waitIndex, std::chrono::milliseconds wait)
{
    const KvListing listing = _client->list(_prefix, waitIndex, Poco::Timespan(wait.count() * 1000));
    const std::vector<NamedKey> keys = namedKeys(listing.entries, _prefix);
    if (keys.empty())
    {
        // ACLs filter a list silently: make sure "no keys" is not "no access".
        _client->checkReadable(_prefix);
    }
    std::vector<std::string> shadowed;
    KeyMap map = buildKeyMap(keys, shadowed);

    std::string shadowedText;
    for (const std::string& name : shadowed)
        shadowedText += (shadowedText.empty() ? "" : ", ") + name;
    if (shadowedText != _lastShadowed && !shadowedText.empty())
        _log->warning("Consul holds the same API key under several names; ignored: %s", shadowedText);
    _lastShadowed = shadowedText;

    // Health first, so whoever sees the new keys also sees the sync that
    // brought them.
    recordSuccess(map.size());
    if (!_published || map != _lastPublished)
    {
        _publisher->publish(map);
        _lastPublished = std::move(map);
        _published = true;
    }
    return listing.index;
}

void ConsulKeyStore::run(std::uint64_t index)
{
    Backoff backoff(kRetryMin, _retryMax);
    using Clock = std::chrono::steady_clock;
    Clock::time_point nextFull = Clock::now() + _syncInterval;
    while (!_stopping)
    {
        const Clock::time_point begin = Clock::now();
        if (_reloadRequested.exchange(false))
            index = 0;
        const bool full = index == 0 || begin >= nextFull;
        try
        {
            if (full)
            {
                nextFull = begin + _syncInterval;
                index = nextWaitIndex(0, sync(0, std::chrono::milliseconds(0)));
            }
            else
            {
                const auto untilFull = std::chrono::duration_cast<std::chrono::milliseconds>(nextFull - begin);
                const auto wait = std::max(std::min(_waitTime, untilFull), std::chrono::milliseconds(1));
                index = nextWaitIndex(index, sync(index, wait));
            }
            backoff.reset();
        }
        catch (const ConsulException& e)
        {
            if (e.kind() == ConsulException::Kind::Interrupted)
                continue; // stop() or reload(): the loop head decides
            recordFailure(failureState(e), e.message());
            index = 0;
            if (!pause(backoff.next()))
                break;
            continue;
        }
        catch (const std::exception& e)
        {
            // Never let the thread die (that would end the process).
            const Poco::Exception* poco = dynamic_cast<const Poco::Exception*>(&e);
            recordFailure("internal", poco ? poco->displayText() : std::string(e.what()));
            index = 0;
            if (!pause(backoff.next()))
                break;
            continue;
        }
        const auto spent = Clock::now() - begin;
        if (spent < kMinSpacing && !pause(std::chrono::duration_cast<std::chrono::milliseconds>(kMinSpacing - spent)))
            break;
    }
}

void ConsulKeyStore::recordSuccess(std::size_t keys)
{
    unsigned failures = 0;
    if (_failures.succeeded(failures))
        _log->information("Consul key sync recovered after %u failed attempts (%z API keys)", failures, keys);
    std::lock_guard<std::mutex> lock(_healthMutex);
    _health.lastSuccessUnixMs = nowUnixMs();
    _health.keysLoaded = keys;
    _health.lastError.clear();
}

void ConsulKeyStore::recordFailure(const std::string& state, const std::string& message)
{
    if (_failures.failed(state))
        _log->warning("Consul key sync failed: %s; keeping the %z cached API keys, retrying with backoff "
                      "(at most %.2f s apart)",
                      message, _lastPublished.size(), static_cast<double>(_retryMax.count()) / 1000.0);
    else
        _log->debug("Consul key sync failed again: %s", message);
    std::lock_guard<std::mutex> lock(_healthMutex);
    _health.lastError = message;
}

bool ConsulKeyStore::pause(std::chrono::milliseconds delay)
{
    if (_stopping)
        return false;
    _wake.tryWait(static_cast<long>(delay.count()));
    return !_stopping;
}

} // namespace consul
} // namespace polymur
