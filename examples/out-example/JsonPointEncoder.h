// JsonPointEncoder.h - turns one Graphite line "name value timestamp" into one
// line of JSON, {"name":"a.b","value":1.5,"timestamp":1700000000}. Pure logic,
// no allocation beyond growing the caller's buffer.
#pragma once

#include <string>
#include <string_view>

namespace outexample {

/// Append the JSON object for `line` (without its '\n') and a '\n' to `out`.
/// Returns false, leaving `out` unchanged, when the line is not three
/// space-separated fields with a finite numeric value and an integer timestamp.
bool appendPointJson(std::string_view line, std::string& out);

} // namespace outexample
