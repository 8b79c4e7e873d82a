// KeySet.h - turns the keys listed under the Consul prefix into the key ->
// name map the gateway checks. Pure.
#pragma once

#include "KeyListing.h"

#include "polymur/KeyStore.h"

#include <string>
#include <vector>

namespace polymur {
namespace consul {

/// The key -> name map of `keys`. When two names hold the same key, the
/// first in Consul's (sorted) order wins and the other name goes to
/// `shadowed` ("bob (same key as alice)"), so the operator can be told
/// without logging the key.
KeyMap buildKeyMap(const std::vector<NamedKey>& keys, std::vector<std::string>& shadowed);

} // namespace consul
} // namespace polymur
