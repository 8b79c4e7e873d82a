// LineTally.h - counts the Graphite lines of a TCP byte stream and flags
// torn ones (a line cut short or two lines run together), carrying a
// partial line from one read to the next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace polymur::bench {

struct LineTally
{
    std::uint64_t lines = 0; ///< Complete lines seen (torn ones included).
    std::uint64_t torn = 0;  ///< Lines that are not "servers.<path> <value> <ts>".
};

/// Whether one line (no '\n') looks like a whole benchmark line.
bool wellFormedLine(const char* data, std::size_t size);

/// Tally the complete lines in `data`; a trailing partial line is kept in
/// `carry` and completed by the next call.
void tallyLines(const char* data, std::size_t size, std::string& carry, LineTally& tally);

/// The stream ended: a partial line left in `carry` is torn.
void finishStream(std::string& carry, LineTally& tally);

} // namespace polymur::bench
