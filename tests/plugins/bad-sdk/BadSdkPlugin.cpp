// BadSdkPlugin.cpp - a deliberately broken test plugin: it claims SDK major
// 99, so the gateway's loader must refuse it with a clear message naming the
// file and both versions. Its exports are written by hand on purpose.
#include "polymur/PluginDescriptor.h"

#include <Poco/ClassLibrary.h>

extern "C" POCO_LIBRARY_API int polymurSdkVersionMajor()
{
    return 99;
}

extern "C" POCO_LIBRARY_API int polymurSdkVersionMinor()
{
    return 0;
}

extern "C" POCO_LIBRARY_API const polymur::PluginDescriptor* polymurPluginDescriptor()
{
    static const polymur::PluginDescriptor descriptor{polymur::PluginKind::Output, "bad-sdk", "0.0.1",
                                                      "SDK major 99 (must be refused)", nullptr, 0};
    return &descriptor;
}
