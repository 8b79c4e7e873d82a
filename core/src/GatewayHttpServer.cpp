// GatewayHttpServer.cpp - connection cap, watched connections, worker pool.
#include "GatewayHttpServer.h"

#include "GatewayStats.h"
#include "RateLimitedLog.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace polymur {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("polymur");
}

/// Marks the request's phases on the watchdog: headers are read when the
/// handler is created; the connection is idle once it is destroyed.
class WatchedHandler : public Poco::Net::HTTPRequestHandler
{
public:
    WatchedHandler(Poco::Net::HTTPRequestHandler* inner, ConnectionWatchdog& watchdog, std::uint64_t id)
        : _inner(inner), _watchdog(watchdog), _id(id)
    {
        _watchdog.enter(_id, ConnectionWatchdog::Phase::Body);
    }
    ~WatchedHandler() override { _watchdog.enter(_id, ConnectionWatchdog::Phase::Idle); }

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        _inner->handleRequest(request, response);
    }

private:
    std::unique_ptr<Poco::Net::HTTPRequestHandler> _inner;
    ConnectionWatchdog& _watchdog;
    const std::uint64_t _id;
};

/// One accepted connection: registered with the watchdog, served by POCO's
/// HTTPServerConnection, counted out of the open-connection total at the end.
class WatchedConnection : public Poco::Net::TCPServerConnection
{
public:
    WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionWatchdog& watchdog,
                      std::shared_ptr<std::atomic<int>> open)
        : TCPServerConnection(socket),
          _params(std::move(params)),
          _factory(std::move(factory)),
          _watchdog(watchdog),
          _open(std::move(open))
    {
    }
    ~WatchedConnection() override { --*_open; }

    void run() override
    {
        struct Unwatch
        {
            ConnectionWatchdog& watchdog;
            const std::uint64_t id;
            ~Unwatch()
            {
                ConnectionWatchdog::setCurrent(0);
                watchdog.remove(id);
            }
        } unwatch{_watchdog, _watchdog.add(socket())};
        ConnectionWatchdog::setCurrent(unwatch.id);
        _peer = peer();
        try
        {
            // Each read and write is bounded too (the watchdog bounds the phase).
            socket().setReceiveTimeout(Poco::Timespan(_watchdog.timeouts().body.count() * 1000));
            socket().setSendTimeout(Poco::Timespan(_watchdog.timeouts().body.count() * 1000));
            Poco::Net::HTTPServerConnection connection(socket(), _params, _factory);
            connection.run();
        }
        catch (const Poco::Net::SSLException&)
        {
            throw; // counted and logged (rate-limited) by the TlsErrorCounter error handler
        }
        catch (const Poco::Exception& e)
        {
            logger().debug("Connection from %s ended: %s", _peer, e.displayText());
        }
        catch (const std::exception& e)
        {
            logger().warning("Connection from %s ended: %s", _peer, std::string(e.what()));
        }
    }

private:
    std::string peer()
    {
        try
        {
            return socket().peerAddress().toString();
        }
        catch (...)
        {
            return "?";
        }
    }

    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    ConnectionWatchdog& _watchdog;
    std::shared_ptr<std::atomic<int>> _open;
    std::string _peer;
};

class WatchedConnectionFactory : public Poco::Net::TCPServerConnectionFactory
{
public:
    WatchedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                             ConnectionWatchdog& watchdog, std::shared_ptr<std::atomic<int>> open)
        : _params(std::move(params)), _factory(std::move(factory)), _watchdog(watchdog), _open(std::move(open))
    {
    }

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
    {
        return new WatchedConnection(socket, _params, _factory, _watchdog, _open);
    }

private:
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    ConnectionWatchdog& _watchdog;
    std::shared_ptr<std::atomic<int>> _open;
};

/// Runs on the accepting thread: admits a connection while fewer than the
/// cap are open, otherwise closes it at once (counted, rate-limited log).
class ConnectionCap : public Poco::Net::TCPServerConnectionFilter
{
public:
    ConnectionCap(int max, GatewayStats& stats, std::shared_ptr<std::atomic<int>> open, ConnectionWatchdog& watchdog)
        : _max(max), _stats(stats), _open(std::move(open)), _watchdog(watchdog)
    {
    }

    bool accept(const Poco::Net::StreamSocket& socket) override
    {
        if (_open->load() < _max)
        {
            ++*_open;
            _watchdog.accepted(socket);
            return true;
        }
        ++_stats.connectionsRefused;
        std::size_t suppressed = 0;
        if (_log.allow(suppressed))
            logger().warning("Connection refused: %d connections open (gateway.max-connections)%s", _max,
                             suppressed ? " (" + std::to_string(suppressed) + " similar suppressed)" : std::string());
        return false;
    }

private:
    const int _max;
    GatewayStats& _stats;
    std::shared_ptr<std::atomic<int>> _open;
    ConnectionWatchdog& _watchdog;
    RateLimitedLog _log{5, std::chrono::seconds(10)};
};

} // namespace

/// Wraps the endpoint handlers in WatchedHandler.
class WatchedHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    WatchedHandlerFactory(Poco::Net::HTTPRequestHandlerFactory::Ptr inner, ConnectionWatchdog& watchdog)
        : _inner(std::move(inner)), _watchdog(watchdog)
    {
    }

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override
    {
        Poco::Net::HTTPRequestHandler* inner = _inner->createRequestHandler(request);
        if (!inner)
            return nullptr;
        return new WatchedHandler(inner, _watchdog, ConnectionWatchdog::current());
    }

    /// Tell the connections the server stops (what HTTPServer::stopAll does).
    void notifyStopped(bool abortCurrent) { serverStopped(this, abortCurrent); }

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr _inner;
    ConnectionWatchdog& _watchdog;
};

GatewayHttpServer::GatewayHttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                                     const Poco::Net::ServerSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                                     GatewayServerOptions options, GatewayStats& stats)
    : _factory(std::move(factory)),
      _stats(stats),
      _open(std::make_shared<std::atomic<int>>(0)),
      _pool("polymur-https", 2, std::max(2, options.threads))
{
    params->setMaxThreads(std::max(1, options.threads));
    // The cap below decides; the dispatcher's own queue limit must never
    // refuse a connection the cap admitted.
    params->setMaxQueued(std::max(1, options.maxConnections));
    _watchdog = std::make_unique<ConnectionWatchdog>(options.timeouts, stats, [this] {
        return _server ? _server->queuedConnections() : 0;
    });
    _watchedFactory = new WatchedHandlerFactory(_factory, *_watchdog);
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers(_watchedFactory);
    _server = std::make_unique<Poco::Net::TCPServer>(new WatchedConnectionFactory(params, handlers, *_watchdog, _open),
                                                     _pool, socket, params);
    _server->setConnectionFilter(new ConnectionCap(std::max(1, options.maxConnections), stats, _open, *_watchdog));
}

GatewayHttpServer::~GatewayHttpServer()
{
    try
    {
        abort();
    }
    catch (...)
    {
    }
}

void GatewayHttpServer::start()
{
    _watchdog->start();
    _server->start();
}

void GatewayHttpServer::stopAccepting()
{
    _server->stop();
    _watchedFactory->notifyStopped(false);
}

void GatewayHttpServer::abort()
{
    if (_aborted)
        return;
    _aborted = true;
    _server->stop();
    _watchedFactory->notifyStopped(true);
    // End the worker threads too: that frees OpenSSL's per-thread state.
    _pool.joinAll();
    _pool.stopAll();
    _watchdog->stop();
}

} // namespace polymur
