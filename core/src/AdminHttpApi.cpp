// AdminHttpApi.cpp - request dispatch and JSON replies of the HTTP admin API.
#include "AdminHttpApi.h"

#include "AdminLineProtocol.h"
#include "DestinationSpec.h"

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <sstream>

namespace polymur {

namespace {

const std::string kPrefix = "/destinations";

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& body)
{
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size() + 1));
    response.send() << body << "\n";
}

void sendMessage(Poco::Net::HTTPServerResponse& response, int status, const std::string& field,
                 const std::string& text)
{
    Poco::JSON::Object object;
    object.set(field, text);
    std::ostringstream out;
    object.stringify(out);
    sendJson(response, status, out.str());
}

class AdminHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit AdminHandler(DestinationAdmin& admin) : _admin(admin) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string path;
        try
        {
            path = Poco::URI(request.getURI()).getPath();
        }
        catch (const Poco::Exception&)
        {
            sendMessage(response, 400, "error", "malformed request URI");
            return;
        }
        const std::string& method = request.getMethod();
        if (path == kPrefix || path == kPrefix + "/")
        {
            if (method != "GET")
            {
                response.set("Allow", "GET");
                sendMessage(response, 405, "error", "use GET /destinations, PUT or DELETE /destinations/<host:port>");
                return;
            }
            sendJson(response, 200, AdminLineProtocol::destinationsJson(_admin.status()));
            return;
        }
        if (path.compare(0, kPrefix.size() + 1, kPrefix + "/") != 0)
        {
            sendMessage(response, 404, "error", "not found; the admin API serves /destinations");
            return;
        }
        const std::string spec = path.substr(kPrefix.size() + 1);
        if (method != "PUT" && method != "DELETE")
        {
            response.set("Allow", "PUT, DELETE");
            sendMessage(response, 405, "error", "use PUT or DELETE on /destinations/<host:port[:instance]>");
            return;
        }
        Destination parsed;
        std::string error;
        if (!parseDestination(spec, parsed, error))
        {
            sendMessage(response, 400, "error", error);
            return;
        }
        if (method == "PUT")
        {
            if (!_admin.addDestination(parsed.name, error))
                sendMessage(response, 409, "error", error);
            else
                sendMessage(response, 201, "result", "Registered destination: " + parsed.name);
            return;
        }
        if (!_admin.removeDestination(parsed.name, error))
            sendMessage(response, 404, "error", error);
        else
            sendMessage(response, 200, "result", "Unregistered destination: " + parsed.name);
    }

private:
    DestinationAdmin& _admin;
};

} // namespace

Poco::Net::HTTPRequestHandler* AdminHttpApi::createRequestHandler(const Poco::Net::HTTPServerRequest&)
{
    return new AdminHandler(_admin);
}

} // namespace polymur
