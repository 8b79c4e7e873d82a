// DistributionPolicy.h - the distribution contract: which destination(s)
// each point of a batch goes to (broadcast, consistent hashing, ...).
//
// Threading: route() is called concurrently from request threads and must
// not allocate per point or block. update() is never called concurrently
// with route() or with itself (the core holds a write lock).
#pragma once

#include "polymur/Batch.h"
#include "polymur/Destination.h"
#include "polymur/PluginConfig.h"

#include <cstddef>
#include <vector>

namespace polymur {

/// One destination as the policy sees it. The index of an entry in the
/// vector given to update() is its "slot", the number route() answers with.
struct DestinationState
{
    Destination destination;
    bool connected = false;            ///< The writer has a live connection.
    unsigned consecutiveFailures = 0;  ///< Failed (re)connect attempts in a row.
};

/// Filled by route(); implemented by the core. Not thread-safe: each request
/// thread has its own.
class RouteBuilder
{
public:
    virtual ~RouteBuilder() = default;

    /// Every point of the batch goes to every slot (no copy is made).
    virtual void toAllSlots() = 0;

    /// One point goes to one slot.
    virtual void toSlot(std::size_t slot, const PointView& point) = 0;
};

class DistributionPolicy
{
public:
    virtual ~DistributionPolicy() = default;

    /// Validate settings; no threads. Throw with a clear message.
    virtual void configure(const PluginConfig& config) = 0;

    /// The destination set or a destination's health changed. Called once
    /// before the first route(), then on every change (runtime add/remove,
    /// connect, failed reconnect).
    virtual void update(const std::vector<DestinationState>& destinations) = 0;

    /// Decide where every point of the batch goes. With no destinations the
    /// policy routes nothing (the core counts the points as undeliverable).
    virtual void route(const LineBatch& batch, RouteBuilder& out) const = 0;

    /// False when the slot has left the policy's rotation (e.g. a failed
    /// node removed from the ring). The core then hands the points queued for
    /// it back to route() if redistributesQueued() is true.
    virtual bool isMember(std::size_t slot) const = 0;

    /// Whether points queued for a slot that stops being a member are
    /// re-routed to the remaining members (true) or wait for it (false).
    virtual bool redistributesQueued() const = 0;
};

} // namespace polymur
