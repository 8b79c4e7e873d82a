// KeyStorePlugin.h - loads a real key store plugin library the way the core
// does (Poco::ClassLoader, manifest "PolymurKeyStore") for runtime tests,
// and reads its descriptor.
#pragma once

#include "polymur/KeyStore.h"
#include "polymur/PluginDescriptor.h"

#include <Poco/ClassLoader.h>

#include <memory>
#include <string>

namespace polymur {
namespace test {

class KeyStorePlugin
{
public:
    /// Loads `path` (throws Poco::LibraryLoadException with the reason).
    explicit KeyStorePlugin(const std::string& path);
    ~KeyStorePlugin(); ///< Unloads the library; every instance must be gone.

    const PluginDescriptor& descriptor() const { return *_descriptor; }

    /// A new instance of the class exported as `name`.
    std::unique_ptr<KeyStore> create(const std::string& name);

private:
    std::string _path;
    Poco::ClassLoader<KeyStore> _loader;
    const PluginDescriptor* _descriptor = nullptr;
};

/// build/lib/polymur-gateway/plugins/polymur-<folder>.so
std::string pluginPath(const std::string& folder);

} // namespace test
} // namespace polymur
