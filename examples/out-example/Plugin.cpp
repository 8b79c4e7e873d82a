// Plugin.cpp - exports the example sink to the gateway: SDK version, descriptor
// (name, version, config keys with defaults and docs) and the class manifest.
#include "NdjsonFileSink.h"

#include <polymur/Plugin.h>

namespace {
const polymur::ConfigKeySpec kKeys[] = {
    {"path", "polymur-points.ndjson",
     "File the points are appended to, relative to the gateway's start folder; "
     "{destination} is replaced by the destination's name"},
    {"max-bytes", "104857600", "Rotate before the file would grow past this many bytes (0 = never rotate)"},
    {"keep", "5", "Rotated files kept as <path>.1 (newest) ... <path>.N (0 = delete the full file)"},
};
}

POLYMUR_PLUGIN(OutputSink, outexample::NdjsonFileSink, polymur::PluginKind::Output, "example", "1.0.0",
               "Points as newline-delimited JSON {name, value, timestamp} in a local file rotated by size", kKeys)
