// DestinationSpec.h - parsing "host:port[:instance]" (IPv6 as "[::1]:2003")
// into a polymur::Destination.
#pragma once

#include "polymur/Destination.h"

#include <string>
#include <vector>

namespace polymur {

/// Parse one destination; false with `error` set when it is malformed.
bool parseDestination(const std::string& text, Destination& out, std::string& error);

/// Split a comma-separated list, trimming blanks and dropping empty items.
std::vector<std::string> splitList(const std::string& text);

} // namespace polymur
