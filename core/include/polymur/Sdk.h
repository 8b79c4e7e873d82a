// Sdk.h - umbrella header of the polymur-gateway plugin SDK.
// See docs/plugins.md for the contracts, threading rules and lifecycle.
#pragma once

#include "polymur/Batch.h"
#include "polymur/Destination.h"
#include "polymur/DistributionPolicy.h"
#include "polymur/KeyStore.h"
#include "polymur/OutputSink.h"
#include "polymur/Plugin.h"
#include "polymur/PluginConfig.h"
#include "polymur/PluginDescriptor.h"
#include "polymur/Version.h"
