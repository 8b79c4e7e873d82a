// PrometheusExposition.h - the snapshot in the Prometheus text exposition
// format (version 0.0.4) for GET /metrics: one HELP and one TYPE line per
// metric family, base units, counters ending in _total.
#pragma once

#include "StatsSnapshot.h"

#include <string>

namespace polymur {

class PrometheusExposition
{
public:
    static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

    static std::string format(const StatsSnapshot& snapshot);

    /// Escape a label value (backslash, double quote, newline).
    static std::string escapeLabel(const std::string& value);
};

} // namespace polymur
