// Plugin.h - the one macro a plugin library uses to export itself: its SDK
// version (checked by the core before anything else is touched), its
// descriptor, and a POCO ClassLoader manifest for its class.
//
//   static const polymur::ConfigKeySpec kKeys[] = {{"file", "", "Key file"}};
//   POLYMUR_PLUGIN(KeyStore, StaticKeyStore,
//       polymur::PluginKind::KeyStore, "static", "1.0.0", "Keys from a file", kKeys)
#pragma once

#include "polymur/PluginDescriptor.h"
#include "polymur/Version.h"

#include <Poco/ClassLibrary.h>

#include <iterator>

/// Symbols every plugin library exports (C linkage, looked up by name).
#define POLYMUR_SDK_MAJOR_SYMBOL "polymurSdkVersionMajor"
#define POLYMUR_SDK_MINOR_SYMBOL "polymurSdkVersionMinor"
#define POLYMUR_DESCRIPTOR_SYMBOL "polymurPluginDescriptor"

/// Manifest names, one per contract: "PolymurKeyStore", ...
#define POLYMUR_MANIFEST_NAME(Contract) "Polymur" #Contract

/// Contract: KeyStore, DistributionPolicy or OutputSink.
#define POLYMUR_PLUGIN(Contract, Class, Kind, Name, Version, Description, KeyArray)          \
    extern "C" POCO_LIBRARY_API int polymurSdkVersionMajor() { return POLYMUR_SDK_VERSION_MAJOR; } \
    extern "C" POCO_LIBRARY_API int polymurSdkVersionMinor() { return POLYMUR_SDK_VERSION_MINOR; } \
    extern "C" POCO_LIBRARY_API const polymur::PluginDescriptor* polymurPluginDescriptor()     \
    {                                                                                       \
        static const polymur::PluginDescriptor descriptor{                                  \
            Kind, Name, Version, Description, KeyArray, std::size(KeyArray)};               \
        return &descriptor;                                                                 \
    }                                                                                       \
    POCO_BEGIN_NAMED_MANIFEST(Polymur##Contract, polymur::Contract)                         \
    POCO_EXPORT_INTERFACE(Class, Name)                                                      \
    POCO_END_MANIFEST
