// NodeKey.h - the text carbon hashes for a ring node: Python's
// str((server, instance)), e.g. "('10.0.0.1', 'a')" or "('10.0.0.1', None)",
// and the replica keys built from it for carbon_ch and fnv1a_ch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace polymur {
namespace hashroute {

/// Python 3's repr() of a str. Only ASCII is supported (Python's rules for
/// printable non-ASCII characters depend on its Unicode tables); throws
/// std::invalid_argument for a non-ASCII byte.
std::string pythonRepr(std::string_view text);

/// Python's str((server, instance)); no instance is Python's None.
std::string nodeKey(std::string_view server, const std::optional<std::string>& instance);

/// carbon_ch replica key: "%s:%d" % (key, i), i.e. "<node key>:<i>".
std::string carbonReplicaKey(const std::string& nodeKey, unsigned replica);

/// fnv1a_ch replica key: "%d-%s" % (i, key[1]), i.e. "<i>-<instance>" with
/// the instance as is (not quoted) or "None". The server is not part of it.
std::string fnv1aReplicaKey(const std::optional<std::string>& instance, unsigned replica);

} // namespace hashroute
} // namespace polymur
