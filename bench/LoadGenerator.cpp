// LoadGenerator.cpp - one thread and one HTTPS keep-alive session per
// connection; latency is measured from sending the request to reading the
// whole answer.
#include "LoadGenerator.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/NullStream.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

namespace polymur::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

struct WorkerResult
{
    std::vector<float> latenciesMs;
    std::uint64_t points = 0;
    std::uint64_t batches = 0;
    std::uint64_t retries = 0;
    std::uint64_t errors = 0;
    std::int64_t lastAnswerNs = 0;
};

double percentile(std::vector<float>& values, double p)
{
    if (values.empty())
        return 0;
    const std::size_t index = std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
    return values[index];
}

class Worker
{
public:
    Worker(const Payload& payload, const LoadOptions& options, Poco::Net::Context::Ptr context, int id,
           std::atomic<std::uint64_t>& acceptedTotal)
        : _payload(payload), _options(options), _context(context), _id(id), _acceptedTotal(acceptedTotal)
    {
    }

    void run(Clock::time_point start, Clock::time_point deadline)
    {
        std::size_t next = static_cast<std::size_t>(_id) * 7;
        // Paced mode: this worker's share of the rate, phase-shifted.
        const double interval = _options.ratePointsPerSecond > 0
                                    ? static_cast<double>(_payload.linesPerBatch) * _options.connections /
                                          _options.ratePointsPerSecond
                                    : 0;
        auto due = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(interval * _id / std::max(1, _options.connections)));
        while (Clock::now() < deadline)
        {
            if (_options.maxPoints && _acceptedTotal.load(std::memory_order_relaxed) >= _options.maxPoints)
                break;
            if (interval > 0)
            {
                std::this_thread::sleep_until(due);
                due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
            }
            const std::string& body = _payload.gzipped[next++ % _payload.gzipped.size()];
            for (int attempt = 0; Clock::now() < deadline + std::chrono::seconds(10); ++attempt)
            {
                const int status = post(body);
                if (status == 200)
                {
                    _result.points += _payload.linesPerBatch;
                    ++_result.batches;
                    _acceptedTotal += _payload.linesPerBatch;
                    break;
                }
                if (status == 503)
                {
                    ++_result.retries;
                    std::this_thread::sleep_for(std::chrono::milliseconds(_options.retryDelayMs));
                    continue;
                }
                ++_result.errors;
                if (_result.errors > 20)
                    return;
                break;
            }
        }
    }

    WorkerResult& result() { return _result; }

private:
    /// POST one batch; the status, or 0 on a transport error.
    int post(const std::string& body)
    {
        try
        {
            if (!_session)
            {
                _session = std::make_unique<Poco::Net::HTTPSClientSession>(_options.host,
                                                                           static_cast<Poco::UInt16>(_options.port), _context);
                _session->setKeepAlive(true);
                _session->setTimeout(Poco::Timespan(30, 0));
            }
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/ingest",
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            request.set("X-polymur-key", _options.key);
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            const auto sent = Clock::now();
            _session->sendRequest(request).write(body.data(), static_cast<std::streamsize>(body.size()));
            Poco::Net::HTTPResponse response;
            std::istream& in = _session->receiveResponse(response);
            Poco::NullOutputStream sink;
            Poco::StreamCopier::copyStream(in, sink);
            const auto answered = Clock::now();
            _result.lastAnswerNs = std::chrono::duration_cast<std::chrono::nanoseconds>(answered.time_since_epoch()).count();
            const int status = static_cast<int>(response.getStatus());
            if (status == 200)
                _result.latenciesMs.push_back(std::chrono::duration<float, std::milli>(answered - sent).count());
            if (!response.getKeepAlive())
                _session.reset();
            return status;
        }
        catch (const Poco::Exception& e)
        {
            if (_result.errors < 3)
                std::cerr << "connection " << _id << ": " << e.displayText() << "\n";
            _session.reset();
            return 0;
        }
    }

    const Payload& _payload;
    const LoadOptions& _options;
    Poco::Net::Context::Ptr _context;
    const int _id;
    std::atomic<std::uint64_t>& _acceptedTotal;
    std::unique_ptr<Poco::Net::HTTPSClientSession> _session;
    WorkerResult _result;
};

} // namespace

LoadResult runLoad(const Payload& payload, const LoadOptions& options)
{
    Poco::Net::Context::Ptr context(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                           Poco::Net::Context::VERIFY_NONE));
    context->enableSessionCache(true);
    std::atomic<std::uint64_t> accepted{0};
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < options.connections; ++i)
        workers.push_back(std::make_unique<Worker>(payload, options, context, i, accepted));

    LoadResult result;
    const auto start = Clock::now();
    result.startNs = nowNs();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options.durationSeconds));
    std::vector<std::thread> threads;
    for (auto& worker : workers)
        threads.emplace_back([&worker, start, deadline] { worker->run(start, deadline); });
    for (auto& thread : threads)
        thread.join();

    std::vector<float> latencies;
    for (auto& worker : workers)
    {
        WorkerResult& r = worker->result();
        result.pointsAccepted += r.points;
        result.batchesAccepted += r.batches;
        result.retries503 += r.retries;
        result.errors += r.errors;
        result.endNs = std::max(result.endNs, r.lastAnswerNs);
        latencies.insert(latencies.end(), r.latenciesMs.begin(), r.latenciesMs.end());
    }
    result.p50Ms = percentile(latencies, 0.50);
    result.p99Ms = percentile(latencies, 0.99);
    result.maxMs = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    return result;
}

} // namespace polymur::bench
