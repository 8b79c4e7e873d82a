// DestinationAdmin.h - what the admin API may do to the destination set:
// list, add and remove at runtime. Implemented by the Distributor, which
// informs the distribution policy of every change.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace polymur {

/// Figures of one destination for stats and the admin API.
struct DestinationStatus
{
    std::string name;
    bool connected = false;
    bool member = true;
    std::size_t queuePoints = 0;
    std::size_t queueBytes = 0;
    std::size_t capacityPoints = 0;
    std::size_t capacityBytes = 0;
    std::uint64_t sent = 0;
    std::uint64_t dropped = 0;
    std::uint64_t reconnects = 0;
    std::uint64_t writeErrors = 0;
    std::chrono::system_clock::time_point registered;
};

class DestinationAdmin
{
public:
    virtual ~DestinationAdmin() = default;

    /// Every registered destination, in registration order.
    virtual std::vector<DestinationStatus> status() const = 0;

    /// Add "host:port[:instance]" (or "console"). False with `error` when it
    /// is malformed or already registered.
    virtual bool addDestination(const std::string& spec, std::string& error) = 0;

    /// Remove a destination by name. False with `error` when unknown.
    virtual bool removeDestination(const std::string& name, std::string& error) = 0;
};

} // namespace polymur
