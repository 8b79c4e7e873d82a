// StaticKeyStore.cpp - load, publish, reload.
#include "StaticKeyStore.h"

#include "KeyFileParser.h"

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timestamp.h>

namespace polymur {

void StaticKeyStore::configure(const PluginConfig& config)
{
    _name = config.instanceName();
    _inline = config.getString("keys");
    _file = config.getString("file");
    if (!_file.empty() && !Poco::Path(_file).isAbsolute())
        _file = Poco::Path(Poco::Path(config.getGlobal("runtime.working-dir", "")).makeDirectory(), _file).toString();
    if (_file.empty() && _inline.empty())
        throw Poco::InvalidArgumentException("[keystore-static] needs 'file' or 'keys'");
    KeyMap check;
    const std::string error = parseInlineKeys(_inline, check);
    if (!error.empty())
        throw Poco::SyntaxException("[keystore-static] " + error);
}

KeyMap StaticKeyStore::load() const
{
    KeyMap keys;
    parseInlineKeys(_inline, keys);
    if (!_file.empty())
    {
        std::string text;
        try
        {
            Poco::FileInputStream in(_file);
            Poco::StreamCopier::copyToString(in, text);
        }
        catch (const Poco::Exception& e)
        {
            throw Poco::FileException("cannot read key file " + _file + ": " + e.message());
        }
        const std::string error = parseKeyFile(text, keys);
        if (!error.empty())
            throw Poco::SyntaxException("key file " + _file + ", " + error);
    }
    return keys;
}

void StaticKeyStore::start(KeyPublisher& publisher)
{
    _publisher = &publisher;
    KeyMap keys = load();
    publisher.publish(keys);
    std::lock_guard<std::mutex> lock(_mutex);
    _health.keysLoaded = keys.size();
    _health.lastSuccessUnixMs = Poco::Timestamp().epochMicroseconds() / 1000;
    _health.lastError.clear();
}

void StaticKeyStore::reload()
{
    if (!_publisher)
        return;
    try
    {
        KeyMap keys = load();
        _publisher->publish(keys);
        std::lock_guard<std::mutex> lock(_mutex);
        _health.keysLoaded = keys.size();
        _health.lastSuccessUnixMs = Poco::Timestamp().epochMicroseconds() / 1000;
        _health.lastError.clear();
    }
    catch (const Poco::Exception& e)
    {
        Poco::Logger::get("polymur").error("[%s] reload failed, keeping the current keys: %s", _name, e.message());
        std::lock_guard<std::mutex> lock(_mutex);
        _health.lastError = e.message();
    }
}

KeyStoreHealth StaticKeyStore::health() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _health;
}

} // namespace polymur
