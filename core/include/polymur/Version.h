// Version.h - the plugin SDK version compiled into the core and every plugin.
//
// Semantic: the major number changes on any ABI break (a changed contract
// class layout, virtual table, or shared type); the minor number on additions
// that old plugins can ignore. The core refuses a plugin whose major differs
// or whose minor is newer than the core's.
#pragma once

#define POLYMUR_SDK_VERSION_MAJOR 1
#define POLYMUR_SDK_VERSION_MINOR 0

namespace polymur {

/// The SDK version a piece of code was compiled against.
struct SdkVersion
{
    int major;
    int minor;
};

constexpr SdkVersion kSdkVersion{POLYMUR_SDK_VERSION_MAJOR, POLYMUR_SDK_VERSION_MINOR};

} // namespace polymur
