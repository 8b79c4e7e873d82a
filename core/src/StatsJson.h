// StatsJson.h - the runstats JSON document (`stats` line command and
// GET /stats): the original's "service" and "runtime-meminfo" sections,
// then ingest, output, per-destination and key store figures.
#pragma once

#include "StatsSnapshot.h"

#include <string>

namespace polymur {

class StatsJson
{
public:
    /// Indented JSON (two spaces), ending without a newline.
    static std::string format(const StatsSnapshot& snapshot);
};

} // namespace polymur
