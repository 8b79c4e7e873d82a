// NdjsonFileSink.h - the example output plugin: every point the gateway
// routes to a destination is appended, as one line of JSON, to a local file
// that rotates by size. A "connection" is a handle on that file.
#pragma once

#include "RotatingFile.h"

#include <polymur/OutputSink.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace outexample {

class NdjsonFileSink : public polymur::OutputSink
{
public:
    void configure(const polymur::PluginConfig& config) override;

    /// Opens the destination's file. Runs on that destination's writer
    /// thread, concurrently with other destinations' connects.
    std::unique_ptr<polymur::SinkConnection> connect(const polymur::Destination& destination) override;

    /// The file a destination writes to: `path` with "{destination}" replaced
    /// by the destination's name (characters other than [A-Za-z0-9._-] as '_').
    std::string pathFor(const polymur::Destination& destination) const;

private:
    std::string _pathTemplate; ///< Absolute.
    std::uint64_t _maxBytes = 0;
    unsigned _keep = 0;
    std::string _instance;     ///< For log lines, e.g. "output:example".

    std::mutex _mutex;         ///< Guards _files.
    /// Destinations sharing a file share one RotatingFile (and its lock).
    std::map<std::string, std::shared_ptr<RotatingFile>> _files;
};

} // namespace outexample
