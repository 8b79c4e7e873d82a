// NdjsonFileSink.cpp - configuration, per-destination files and the write
// path (Graphite lines -> JSON lines, one file write per batch).
#include "NdjsonFileSink.h"

#include "JsonPointEncoder.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <cstring>

namespace outexample {

namespace {

const std::string kPlaceholder = "{destination}";

class NdjsonConnection : public polymur::SinkConnection
{
public:
    NdjsonConnection(std::shared_ptr<RotatingFile> file, std::string logName)
        : _file(std::move(file)), _logName(std::move(logName))
    {
    }

    void write(const polymur::ConstBuffer* buffers, std::size_t count) override
    {
        // One reused buffer per connection: no allocation per point once it
        // has grown to the largest batch, and one write(2) per call.
        _json.clear();
        std::size_t skipped = 0;
        for (std::size_t i = 0; i < count; ++i)
        {
            const char* p = buffers[i].data;
            const char* end = p + buffers[i].size;
            while (p < end)
            {
                const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
                const char* lineEnd = newline ? newline : end;
                if (lineEnd > p && !appendPointJson(std::string_view(p, lineEnd - p), _json))
                    ++skipped;
                p = lineEnd + 1;
            }
        }
        if (skipped > 0 && !_skipLogged)
        {
            // The gateway validates lines, so this means a core/plugin mismatch.
            Poco::Logger::get("polymur.output.example")
                .warning("[%s] %z lines were not 'name value timestamp' and were skipped (logged once)", _logName,
                         skipped);
            _skipLogged = true;
        }
        if (!_json.empty())
            _file->append(_json.data(), _json.size()); // throws: the core reconnects and resends
    }

private:
    std::shared_ptr<RotatingFile> _file;
    std::string _logName;
    std::string _json;
    bool _skipLogged = false;
};

std::string sanitized(const std::string& name)
{
    std::string out = name;
    for (char& c : out)
    {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok)
            c = '_';
    }
    return out;
}

} // namespace

void NdjsonFileSink::configure(const polymur::PluginConfig& config)
{
    _instance = config.instanceName();
    const std::string path = config.getString("path");
    if (path.empty())
        throw Poco::InvalidArgumentException("[out-example] path must not be empty");
    // Relative paths are relative to the directory the gateway was started in.
    Poco::Path resolved(path);
    if (resolved.isRelative())
    {
        Poco::Path base(config.getGlobal("runtime.working-dir", "."));
        base.makeDirectory();
        resolved.makeAbsolute(base);
    }
    _pathTemplate = resolved.toString();

    const long long maxBytes = config.getInt("max-bytes");
    const long long keep = config.getInt("keep");
    if (maxBytes < 0)
        throw Poco::InvalidArgumentException("[out-example] max-bytes must be 0 (no rotation) or positive");
    if (keep < 0 || keep > 1000)
        throw Poco::InvalidArgumentException("[out-example] keep must be between 0 and 1000");
    _maxBytes = static_cast<std::uint64_t>(maxBytes);
    _keep = static_cast<unsigned>(keep);

    // Fail at start, not at the first connect, when the folder is missing.
    const std::string folder = Poco::Path(_pathTemplate).parent().toString();
    if (folder.find(kPlaceholder) == std::string::npos && !(Poco::File(folder).exists() && Poco::File(folder).isDirectory()))
        throw Poco::FileNotFoundException("[out-example] folder of path does not exist: " + folder);
}

std::string NdjsonFileSink::pathFor(const polymur::Destination& destination) const
{
    std::string path = _pathTemplate;
    const std::string name = sanitized(destination.name);
    for (std::size_t pos = path.find(kPlaceholder); pos != std::string::npos;
         pos = path.find(kPlaceholder, pos + name.size()))
        path.replace(pos, kPlaceholder.size(), name);
    return path;
}

std::unique_ptr<polymur::SinkConnection> NdjsonFileSink::connect(const polymur::Destination& destination)
{
    const std::string path = pathFor(destination);
    std::shared_ptr<RotatingFile> file;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto& slot = _files[path];
        if (!slot)
            slot = std::make_shared<RotatingFile>(path, _maxBytes, _keep);
        file = slot;
    }
    file->open(); // throws: the core retries with backoff and logs the reason
    return std::make_unique<NdjsonConnection>(file, _instance + " " + destination.name);
}

} // namespace outexample
