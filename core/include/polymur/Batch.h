// Batch.h - the data a batch of Graphite points is carried in. One
// decompressed buffer; every line is a view into it. Nothing here allocates
// per point.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace polymur {

/// One Graphite plaintext line without its trailing newline:
/// "name value timestamp". `name` is the metric path (up to the first space).
struct PointView
{
    std::string_view line;
    std::string_view name;
};

/// A batch of points received in one request. Owned by the core; views are
/// valid only during the call they are passed to.
struct LineBatch
{
    std::vector<PointView> points;
    std::string_view source; ///< Key name of the sender (for logs and stats).
};

} // namespace polymur
