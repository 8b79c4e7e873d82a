// StatsServer.cpp - the runstats endpoints.
#include "StatsServer.h"

#include "ListenAddress.h"
#include "PrometheusExposition.h"
#include "StatsJson.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace polymur {

namespace {

class StatsHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit StatsHandler(const StatsCollector& collector) : _collector(collector) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string path;
        try
        {
            path = Poco::URI(request.getURI()).getPath();
        }
        catch (const Poco::Exception&)
        {
            path.clear();
        }
        if (path != "/stats" && path != "/metrics")
        {
            send(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                 "Not Found: runstats serves /stats (JSON) and /metrics (Prometheus)\n");
            return;
        }
        if (request.getMethod() != "GET" && request.getMethod() != "HEAD")
        {
            response.set("Allow", "GET, HEAD");
            send(response, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                 "Method Not Allowed: use GET\n");
            return;
        }
        const StatsSnapshot snapshot = _collector.take();
        if (path == "/stats")
            send(response, Poco::Net::HTTPResponse::HTTP_OK, "application/json", StatsJson::format(snapshot) + "\n");
        else
            send(response, Poco::Net::HTTPResponse::HTTP_OK, PrometheusExposition::kContentType,
                 PrometheusExposition::format(snapshot));
    }

private:
    static void send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
                     const std::string& type, const std::string& body)
    {
        response.setStatusAndReason(status);
        response.setContentType(type);
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    }

    const StatsCollector& _collector;
};

class StatsHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit StatsHandlerFactory(const StatsCollector& collector) : _collector(collector) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new StatsHandler(_collector);
    }

private:
    const StatsCollector& _collector;
};

} // namespace

StatsServer::StatsServer(const std::string& address, const StatsCollector& collector) : _configured(address)
{
    _server = std::make_unique<LineOrHttpServer>(
        listenAddress(address), [&collector](const std::string& line) { return answerLine(line, collector); },
        new StatsHandlerFactory(collector));
}

std::string StatsServer::answerLine(const std::string& line, const StatsCollector& collector)
{
    const std::string command = Poco::trim(line);
    if (command == "stats")
        return StatsJson::format(collector.take()) + "\n";
    std::string shown;
    for (char c : command.substr(0, 64))
        shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return "Not a command: " + shown + "\n";
}

void StatsServer::start()
{
    _server->start();
    Poco::Logger::get("polymur").information("Runstats started: %s", _configured);
}

void StatsServer::stop()
{
    _server->stop();
}

} // namespace polymur
