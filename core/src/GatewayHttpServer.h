// GatewayHttpServer.h - the HTTPS server of /ingest and /ping: POCO's
// TCPServer with its own worker pool, a cap on open connections (refused
// beyond it), and HTTPServerConnection wrapped so that every connection is
// watched by the ConnectionWatchdog (handshake/header, body and idle
// deadlines). Replaces Poco::Net::HTTPServer, whose default thread pool
// silently caps workers at 16 and which has no phase deadlines.
#pragma once

#include "ConnectionWatchdog.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>

namespace polymur {

struct GatewayStats;
class WatchedHandlerFactory;

struct GatewayServerOptions
{
    int threads = 32;           ///< Worker threads (one per connection being served).
    int maxConnections = 256;   ///< Served + waiting for a worker; more are refused.
    ConnectionTimeouts timeouts;
};

class GatewayHttpServer
{
public:
    GatewayHttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const Poco::Net::ServerSocket& socket,
                      Poco::Net::HTTPServerParams::Ptr params, GatewayServerOptions options, GatewayStats& stats);
    ~GatewayHttpServer();

    void start();
    /// Stop accepting; let requests in progress finish, close idle connections.
    void stopAccepting();
    /// Shut down every connection still open and wait for the workers.
    void abort();

    int openConnections() const { return _open->load(); }
    int currentConnections() const { return _server->currentConnections(); }
    int queuedConnections() const { return _server->queuedConnections(); }

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    GatewayStats& _stats;
    std::shared_ptr<std::atomic<int>> _open;
    Poco::ThreadPool _pool;
    std::unique_ptr<ConnectionWatchdog> _watchdog;
    Poco::SharedPtr<WatchedHandlerFactory> _watchedFactory;
    std::unique_ptr<Poco::Net::TCPServer> _server;
    bool _aborted = false;
};

} // namespace polymur
