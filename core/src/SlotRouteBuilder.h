// SlotRouteBuilder.h - the core's RouteBuilder: collects a policy's routing
// decisions for one batch into one contiguous buffer per destination slot.
#pragma once

#include "polymur/DistributionPolicy.h"

#include <string>
#include <vector>

namespace polymur {

class SlotRouteBuilder : public RouteBuilder
{
public:
    /// Prepare for a batch of `bytes` bytes over `slots` slots.
    void reset(std::size_t slots, std::size_t bytes);

    void toAllSlots() override { _all = true; }

    void toSlot(std::size_t slot, const PointView& point) override
    {
        if (slot >= _buffers.size())
            return;
        std::string& buffer = _buffers[slot];
        buffer.append(point.line.data(), point.line.size());
        buffer.push_back('\n');
        ++_counts[slot];
    }

    bool all() const { return _all; }
    std::size_t slots() const { return _buffers.size(); }
    std::size_t count(std::size_t slot) const { return _counts[slot]; }
    /// Hand over the buffer of `slot` (it is left empty).
    std::string take(std::size_t slot) { return std::move(_buffers[slot]); }

private:
    bool _all = false;
    std::vector<std::string> _buffers;
    std::vector<std::size_t> _counts;
};

/// Views over a buffer of '\n'-terminated lines, as the policy needs them.
void viewLines(const std::string& buffer, LineBatch& batch);

} // namespace polymur
