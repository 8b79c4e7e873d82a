// LineParser.h - splits an inflated batch into Graphite lines and validates
// each as carbon does ("name value timestamp", finite value, integer
// timestamp, printable UTF-8 name) in one pass. Valid lines are normalised
// and optionally prefixed into one output buffer that the points view into:
// in place when there is no prefix, so a clean batch is never copied.
#pragma once

#include "polymur/Batch.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace polymur {

/// Why a line was skipped.
enum class SkipReason : std::size_t
{
    FieldCount,  ///< Not exactly three fields (includes names with spaces).
    BadName,     ///< Control characters or invalid UTF-8 in the name.
    BadValue,    ///< Value not a finite number.
    BadTimestamp,///< Timestamp not an integer.
    TooLong,     ///< Longer than the line limit.
    Count
};

const char* skipReasonName(SkipReason reason);

struct ParseCounts
{
    std::size_t accepted = 0;
    std::size_t blank = 0;
    bool overLimit = false; ///< Stopped: more than maxPoints valid lines.
    std::array<std::size_t, static_cast<std::size_t>(SkipReason::Count)> skipped{};

    std::size_t skippedTotal() const
    {
        std::size_t n = 0;
        for (auto s : skipped)
            n += s;
        return n;
    }
};

struct LineParserOptions
{
    std::size_t maxLineLength = 4096;
    std::size_t maxPoints = 0; ///< Stop (overLimit) beyond this many valid lines; 0 = no limit.
    std::string_view prefix; ///< "<keyname>." when -key-prefix is on, else empty.
};

/// The most memory parseLines() allocates for `input` (output buffer plus
/// point views): charge this to the in-flight budget before parsing.
std::size_t parseMemoryBound(std::string_view input, const LineParserOptions& options);

/// Parse `input` into `output` (replaced) and `batch.points` (replaced).
/// Every point's line and name view into `output`, which holds each valid
/// line followed by '\n'. `output` must not be modified afterwards.
ParseCounts parseLines(std::string_view input, const LineParserOptions& options, std::string& output,
                       LineBatch& batch);

/// Like parseLines, but `buffer` is both input and output: valid lines are
/// normalised in place (no copy when they already are "name value ts\n")
/// and `buffer` is shrunk to them. With a prefix the lines are copied.
ParseCounts parseLinesInPlace(std::string& buffer, const LineParserOptions& options, LineBatch& batch);

/// Validate one line (no trailing newline, no '\r'). Returns true when
/// valid; otherwise sets `reason`. On success `fields` hold name, value, ts.
bool validateLine(std::string_view line, std::array<std::string_view, 3>& fields, SkipReason& reason);

} // namespace polymur
