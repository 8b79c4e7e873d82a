// KeyStorePlugin.cpp - loads a key store plugin library for runtime tests.
#include "KeyStorePlugin.h"

#include "polymur/Plugin.h"

#include <Poco/SharedLibrary.h>

#ifndef POLYMUR_PLUGIN_DIR
#error "POLYMUR_PLUGIN_DIR must be defined by CMake"
#endif

namespace polymur {
namespace test {

KeyStorePlugin::KeyStorePlugin(const std::string& path)
    : _path(path)
{
    _loader.loadLibrary(_path, "PolymurKeyStore");
    // A second handle on the same library (dlopen counts references).
    Poco::SharedLibrary library(_path);
    using DescriptorFn = const PluginDescriptor* (*)();
    const auto fn = reinterpret_cast<DescriptorFn>(library.getSymbol(POLYMUR_DESCRIPTOR_SYMBOL));
    _descriptor = fn();
    library.unload();
}

KeyStorePlugin::~KeyStorePlugin()
{
    _loader.unloadLibrary(_path);
}

std::unique_ptr<KeyStore> KeyStorePlugin::create(const std::string& name)
{
    return std::unique_ptr<KeyStore>(_loader.create(name));
}

std::string pluginPath(const std::string& folder)
{
    return std::string(POLYMUR_PLUGIN_DIR) + "/polymur-" + folder + ".so";
}

} // namespace test
} // namespace polymur
