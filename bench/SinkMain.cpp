// SinkMain.cpp - polymur-bench-sink: counting Graphite TCP sinks for the
// benchmark. Listens on N loopback ports (chosen by the kernel), counts the
// lines each receives, checks none is torn, and keeps a status file up to
// date (every 100 ms and on SIGTERM/SIGINT, then exits):
//
//   polymur-bench-sink --listeners=3 --status=/tmp/sink.status
//
// Status file ("name=value" lines): ports, lines, torn, bytes, connections,
// first_ns / last_ns (CLOCK_MONOTONIC of the first / last line received),
// lines_per_listener.
#include "LineTally.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

using namespace polymur::bench;

namespace {

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Listener
{
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    std::atomic<std::uint64_t> lines{0};
};

struct Totals
{
    std::atomic<std::uint64_t> torn{0};
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::int64_t> firstNs{0};
    std::atomic<std::int64_t> lastNs{0};
};

void readConnection(Poco::Net::StreamSocket socket, Listener& listener, Totals& totals)
{
    const int fd = socket.impl()->sockfd();
    std::vector<char> buffer(1 << 20);
    std::string carry;
    LineTally tally;
    for (;;)
    {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        const std::uint64_t before = tally.lines;
        const std::uint64_t tornBefore = tally.torn;
        tallyLines(buffer.data(), static_cast<std::size_t>(n), carry, tally);
        totals.bytes += static_cast<std::uint64_t>(n);
        if (tally.lines != before)
        {
            const std::int64_t now = nowNs();
            std::int64_t zero = 0;
            totals.firstNs.compare_exchange_strong(zero, now);
            totals.lastNs = now;
            listener.lines += tally.lines - before;
        }
        if (tally.torn != tornBefore)
            totals.torn += tally.torn - tornBefore;
    }
    LineTally last;
    finishStream(carry, last);
    totals.torn += last.torn;
}

void acceptLoop(Listener& listener, Totals& totals)
{
    for (;;)
    {
        try
        {
            Poco::Net::StreamSocket socket = listener.socket->acceptConnection();
            ++totals.connections;
            std::thread([socket, &listener, &totals] { readConnection(socket, listener, totals); }).detach();
        }
        catch (const Poco::Exception& e)
        {
            std::cerr << "polymur-bench-sink: accept: " << e.displayText() << "\n";
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

void writeStatus(const std::string& path, const std::vector<std::unique_ptr<Listener>>& listeners, const Totals& totals)
{
    std::ostringstream out;
    std::uint64_t lines = 0;
    std::string ports;
    std::string perListener;
    for (const auto& listener : listeners)
    {
        ports += (ports.empty() ? "" : ",") + std::to_string(listener->socket->address().port());
        perListener += (perListener.empty() ? "" : ",") + std::to_string(listener->lines.load());
        lines += listener->lines;
    }
    out << "ports=" << ports << "\nlines=" << lines << "\ntorn=" << totals.torn << "\nbytes=" << totals.bytes
        << "\nconnections=" << totals.connections << "\nfirst_ns=" << totals.firstNs << "\nlast_ns=" << totals.lastNs
        << "\nlines_per_listener=" << perListener << "\n";
    const std::string temp = path + ".tmp";
    {
        std::ofstream file(temp, std::ios::trunc);
        file << out.str();
    }
    std::rename(temp.c_str(), path.c_str());
}

} // namespace

int main(int argc, char** argv)
{
    int count = 1;
    std::string status;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg.rfind("--listeners=", 0) == 0)
            count = std::stoi(arg.substr(12));
        else if (arg.rfind("--status=", 0) == 0)
            status = arg.substr(9);
        else
        {
            std::cerr << "usage: polymur-bench-sink --listeners=N --status=FILE\n";
            return 2;
        }
    }
    if (count <= 0 || status.empty())
    {
        std::cerr << "usage: polymur-bench-sink --listeners=N --status=FILE\n";
        return 2;
    }

    // SIGTERM/SIGINT are taken by sigwait() below, in every thread.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    Totals totals;
    std::vector<std::unique_ptr<Listener>> listeners;
    for (int i = 0; i < count; ++i)
    {
        auto listener = std::make_unique<Listener>();
        listener->socket = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
        listeners.push_back(std::move(listener));
    }
    for (auto& listener : listeners)
        std::thread([&listener, &totals] { acceptLoop(*listener, totals); }).detach();
    writeStatus(status, listeners, totals);

    std::atomic<bool> stopping{false};
    std::thread reporter([&] {
        while (!stopping)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            writeStatus(status, listeners, totals);
        }
    });
    int sig = 0;
    sigwait(&stopSignals, &sig);
    stopping = true;
    reporter.join();
    writeStatus(status, listeners, totals);
    std::fflush(nullptr);
    ::_exit(0); // reader threads are detached and blocked in recv()
}
