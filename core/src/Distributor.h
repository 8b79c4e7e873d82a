// Distributor.h - owns the destinations (queue + writer each) and routes
// accepted batches into their queues through the distribution policy.
// Admission is all-or-nothing: a batch is queued for every destination it
// is routed to, or for none.
#pragma once

#include "DestinationAdmin.h"
#include "DestinationQueue.h"
#include "DestinationWriter.h"

#include "polymur/DistributionPolicy.h"
#include "polymur/OutputSink.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace polymur {

struct DistributorOptions
{
    std::size_t queueCapacityPoints = 262144;
    std::size_t queueCapacityBytes = 64 << 20;
    bool dropOnOverflow = false; ///< overflow = drop: queue what fits, count the rest.
    WriterOptions writer;
};

enum class SubmitResult
{
    Queued,        ///< Every point is queued (or counted as dropped under overflow = drop).
    QueueFull,     ///< Nothing queued: some destination queue lacks room now (503).
    BatchTooLarge, ///< Nothing queued: the batch exceeds a queue's whole capacity (413).
    NoDestination  ///< Nothing queued: no destination to route to (503).
};

class Distributor : public DestinationAdmin
{
public:
    /// `console` (may be null) serves the destination named "console".
    Distributor(DistributionPolicy& policy, OutputSink& sink, OutputSink* console, DistributorOptions options);
    ~Distributor() override;

    /// Route and queue a parsed batch. `buffer` holds the lines the batch
    /// views into; it is shared by the queues when the policy broadcasts.
    SubmitResult submit(const LineBatch& batch, const std::shared_ptr<const std::string>& buffer);

    /// Add a destination ("host:port[:instance]" or "console"). False with
    /// `error` when it is malformed or already present.
    bool addDestination(const std::string& spec, std::string& error) override;
    /// Remove a destination; its queued points are redistributed when the
    /// policy does that, otherwise counted as dropped.
    bool removeDestination(const std::string& name, std::string& error) override;

    std::vector<DestinationStatus> status() const override;
    std::vector<std::string> names() const;

    /// Points waiting in all queues.
    std::size_t queuedPoints() const;
    /// Points dropped so far (overflow = drop, removed destinations).
    std::uint64_t droppedPoints() const;

    /// Wait until every queue is empty or `timeout` passes, then stop all
    /// writers. Returns the points left undelivered.
    std::size_t shutdown(std::chrono::milliseconds timeout);

private:
    struct Runtime;

    void onHealthChange();
    void updatePolicyLocked();
    void redistributeLocked(Runtime& from);

    DistributionPolicy& _policy;
    OutputSink& _sink;
    OutputSink* _console;
    const DistributorOptions _options;

    mutable std::shared_mutex _mutex;
    std::vector<std::shared_ptr<Runtime>> _slots;
    std::uint32_t _nextId = 1;
    std::atomic<std::uint64_t> _droppedRemoved{0};
    std::atomic<bool> _shuttingDown{false};
};

} // namespace polymur
