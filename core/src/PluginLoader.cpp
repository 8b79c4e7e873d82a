// PluginLoader.cpp - plugin discovery, version check and instantiation.
#include "PluginLoader.h"

#include "polymur/Plugin.h"
#include "polymur/Version.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>

#include <algorithm>
#include <unistd.h>

#ifndef POLYMUR_PLUGIN_SUBDIR
#define POLYMUR_PLUGIN_SUBDIR "lib/polymur-gateway/plugins"
#endif

namespace polymur {

namespace {

using VersionFunc = int (*)();
using DescriptorFunc = const PluginDescriptor* (*)();

std::string sectionOf(const std::string& path)
{
    std::string base = Poco::Path(path).getBaseName();
    const std::string prefix = "polymur-";
    if (base.compare(0, prefix.size(), prefix) == 0)
        base = base.substr(prefix.size());
    return base;
}

std::string kindPrefix(PluginKind kind)
{
    switch (kind)
    {
    case PluginKind::KeyStore: return "keystore-";
    case PluginKind::Distribution: return "dist-";
    case PluginKind::Output: return "out-";
    }
    return "";
}

std::string withoutDashes(std::string s)
{
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

bool looksLikePath(const std::string& s)
{
    return s.find('/') != std::string::npos ||
           (s.size() > 3 && s.compare(s.size() - 3, 3, ".so") == 0);
}

template <class Base>
std::unique_ptr<Base> createFrom(Poco::ClassLoader<Base>& loader, std::vector<std::string>& paths,
                                 const PluginInfo& info, const char* manifest)
{
    if (std::find(paths.begin(), paths.end(), info.path) == paths.end())
    {
        loader.loadLibrary(info.path, manifest);
        paths.push_back(info.path);
    }
    const auto* meta = loader.findClass(info.name);
    if (!meta)
        throw Poco::NotFoundException("plugin " + info.path + " does not export a class named '" + info.name + "'");
    return std::unique_ptr<Base>(meta->create());
}

template <class Base>
void unloadAll(Poco::ClassLoader<Base>& loader, const std::vector<std::string>& paths)
{
    for (const auto& path : paths)
    {
        try
        {
            loader.unloadLibrary(path);
        }
        catch (...)
        {
        }
    }
}

} // namespace

PluginLoader::PluginLoader(std::vector<std::string> searchDirs) : _searchDirs(std::move(searchDirs)) {}

PluginLoader::~PluginLoader()
{
    unloadAll(_keyStores, _keyStorePaths);
    unloadAll(_distributions, _distributionPaths);
    unloadAll(_outputs, _outputPaths);
}

PluginInfo PluginLoader::probe(const std::string& path)
{
    if (!Poco::File(path).exists())
        throw Poco::FileNotFoundException("plugin file not found: " + path);
    Poco::SharedLibrary library;
    try
    {
        // RTLD_LOCAL: a library that turns out to be refused must not add
        // its symbols to the global scope later plugins are resolved from.
        library.load(path, Poco::SharedLibrary::SHLIB_LOCAL);
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::LibraryLoadException("cannot load plugin " + path + ": " + e.message());
    }
    PluginInfo info;
    try
    {
        if (!library.hasSymbol(POLYMUR_SDK_MAJOR_SYMBOL) || !library.hasSymbol(POLYMUR_SDK_MINOR_SYMBOL) ||
            !library.hasSymbol(POLYMUR_DESCRIPTOR_SYMBOL))
            throw Poco::LibraryLoadException("not a polymur-gateway plugin (no SDK version symbol): " + path);
        info.sdkMajor = reinterpret_cast<VersionFunc>(library.getSymbol(POLYMUR_SDK_MAJOR_SYMBOL))();
        info.sdkMinor = reinterpret_cast<VersionFunc>(library.getSymbol(POLYMUR_SDK_MINOR_SYMBOL))();
        if (info.sdkMajor != kSdkVersion.major || info.sdkMinor > kSdkVersion.minor)
        {
            throw Poco::LibraryLoadException(
                "plugin " + path + " was built against plugin SDK " + std::to_string(info.sdkMajor) + "." +
                std::to_string(info.sdkMinor) + ", but this gateway provides SDK " + std::to_string(kSdkVersion.major) +
                "." + std::to_string(kSdkVersion.minor) +
                " (the major version must match and the minor may not be newer); rebuild the plugin against "
                "this gateway's SDK");
        }
        const PluginDescriptor* d = reinterpret_cast<DescriptorFunc>(library.getSymbol(POLYMUR_DESCRIPTOR_SYMBOL))();
        if (!d || !d->name || !*d->name)
            throw Poco::LibraryLoadException("plugin " + path + " has an empty descriptor");
        info.path = Poco::Path(path).absolute().toString();
        info.section = sectionOf(path);
        info.kind = d->kind;
        info.name = d->name;
        info.version = d->version ? d->version : "";
        info.description = d->description ? d->description : "";
        for (std::size_t i = 0; i < d->configKeyCount; ++i)
        {
            const ConfigKeySpec& k = d->configKeys[i];
            info.keys.push_back({k.key ? k.key : "", k.defaultValue ? k.defaultValue : "", k.doc ? k.doc : ""});
        }
    }
    catch (...)
    {
        library.unload();
        throw;
    }
    library.unload();
    return info;
}

std::vector<std::string> PluginLoader::candidateFiles() const
{
    std::vector<std::string> files;
    for (const auto& dir : _searchDirs)
    {
        Poco::File d(dir);
        if (!d.exists() || !d.isDirectory())
            continue;
        std::vector<std::string> inDir;
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
        {
            const std::string name = it.name();
            if (name.compare(0, 8, "polymur-") == 0 && name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0)
                inDir.push_back(it.path().toString());
        }
        std::sort(inDir.begin(), inDir.end());
        files.insert(files.end(), inDir.begin(), inDir.end());
    }
    return files;
}

std::vector<PluginInfo> PluginLoader::scan(std::vector<std::string>& problems) const
{
    std::vector<PluginInfo> found;
    for (const auto& file : candidateFiles())
    {
        try
        {
            found.push_back(probe(file));
        }
        catch (const Poco::Exception& e)
        {
            problems.push_back(e.message());
        }
    }
    return found;
}

PluginInfo PluginLoader::find(PluginKind kind, const std::string& nameOrPath) const
{
    const std::string kindName = pluginKindName(kind);
    if (nameOrPath.empty())
        throw Poco::InvalidArgumentException("no " + kindName + " plugin configured");
    if (looksLikePath(nameOrPath))
    {
        PluginInfo info = probe(nameOrPath);
        if (info.kind != kind)
            throw Poco::InvalidArgumentException("plugin " + info.path + " is a " + pluginKindName(info.kind) +
                                                 " plugin, not a " + kindName + " plugin");
        return info;
    }
    const std::string conventional = kindPrefix(kind) + withoutDashes(nameOrPath);
    std::vector<std::string> seen;
    for (const auto& file : candidateFiles())
    {
        const bool named = withoutDashes(sectionOf(file)) == withoutDashes(conventional);
        PluginInfo info;
        try
        {
            info = probe(file);
        }
        catch (const Poco::Exception& e)
        {
            if (named)
                throw Poco::LibraryLoadException(e.message());
            continue;
        }
        if (info.kind == kind && info.name == nameOrPath)
            return info;
        if (info.kind == kind)
            seen.push_back(info.name);
    }
    std::string dirs;
    for (const auto& d : _searchDirs)
        dirs += (dirs.empty() ? "" : ", ") + d;
    std::string known;
    for (const auto& s : seen)
        known += (known.empty() ? "" : ", ") + s;
    throw Poco::NotFoundException("no " + kindName + " plugin named '" + nameOrPath + "' in the plugin path (" + dirs +
                                  "); available: " + (known.empty() ? "none" : known));
}

std::unique_ptr<KeyStore> PluginLoader::createKeyStore(const PluginInfo& info)
{
    return createFrom(_keyStores, _keyStorePaths, info, "PolymurKeyStore");
}

std::unique_ptr<DistributionPolicy> PluginLoader::createDistribution(const PluginInfo& info)
{
    return createFrom(_distributions, _distributionPaths, info, "PolymurDistributionPolicy");
}

std::unique_ptr<OutputSink> PluginLoader::createOutput(const PluginInfo& info)
{
    return createFrom(_outputs, _outputPaths, info, "PolymurOutputSink");
}

std::string defaultPluginDir()
{
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
    if (n <= 0)
        return POLYMUR_PLUGIN_SUBDIR;
    buffer[n] = '\0';
    Poco::Path exe(buffer);
    Poco::Path dir = exe.parent();
    dir.popDirectory();
    return Poco::Path(dir, Poco::Path(std::string(POLYMUR_PLUGIN_SUBDIR) + "/")).toString();
}

} // namespace polymur
