// PluginLoader.h - finds plugin libraries in the plugin path, checks their
// SDK version before touching anything else, and creates plugin instances
// through POCO's ClassLoader (one per contract).
#pragma once

#include "PluginInfo.h"

#include "polymur/DistributionPolicy.h"
#include "polymur/KeyStore.h"
#include "polymur/OutputSink.h"

#include <Poco/ClassLoader.h>

#include <memory>
#include <string>
#include <vector>

namespace polymur {

class PluginLoader
{
public:
    explicit PluginLoader(std::vector<std::string> searchDirs);

    /// Unloads every library. Destroy all plugin instances first.
    ~PluginLoader();

    PluginLoader(const PluginLoader&) = delete;
    PluginLoader& operator=(const PluginLoader&) = delete;

    /// Read the SDK version and descriptor of one library. Throws a
    /// Poco::Exception naming the file when it is not a usable plugin
    /// (not loadable, no version symbol, SDK version mismatch).
    static PluginInfo probe(const std::string& path);

    /// Every plugin in the search path, plus the problems met (one line each).
    std::vector<PluginInfo> scan(std::vector<std::string>& problems) const;

    /// The plugin of `kind` named `nameOrPath` (a descriptor name such as
    /// "hash-route", or a path to a .so). Throws with a clear message.
    PluginInfo find(PluginKind kind, const std::string& nameOrPath) const;

    std::unique_ptr<KeyStore> createKeyStore(const PluginInfo& info);
    std::unique_ptr<DistributionPolicy> createDistribution(const PluginInfo& info);
    std::unique_ptr<OutputSink> createOutput(const PluginInfo& info);

    const std::vector<std::string>& searchDirs() const { return _searchDirs; }

private:
    std::vector<std::string> candidateFiles() const;

    std::vector<std::string> _searchDirs;
    Poco::ClassLoader<KeyStore> _keyStores;
    Poco::ClassLoader<DistributionPolicy> _distributions;
    Poco::ClassLoader<OutputSink> _outputs;
    std::vector<std::string> _keyStorePaths, _distributionPaths, _outputPaths;
};

/// The default plugin directory: "<exe dir>/../<libdir>/polymur-gateway/plugins",
/// valid both in the build tree and under an install prefix.
std::string defaultPluginDir();

} // namespace polymur
