// RotatingFile.h - an append-only file that rotates by size. When a write
// would take the file past `maxBytes`, path.N-1 -> path.N ... path -> path.1
// (keeping `keep` old files) and a fresh file is started. One write never
// straddles two files, so every file holds whole lines. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace outexample {

class RotatingFile
{
public:
    /// `maxBytes` 0 = never rotate; `keep` 0 = delete the full file on rotation.
    RotatingFile(std::string path, std::uint64_t maxBytes, unsigned keep);
    ~RotatingFile();

    RotatingFile(const RotatingFile&) = delete;
    RotatingFile& operator=(const RotatingFile&) = delete;

    /// Open (creating it) if not open yet. Throws Poco::FileException.
    void open();

    /// Append all `size` bytes, rotating first when they would not fit.
    /// Throws Poco::FileException; the next call reopens the file.
    void append(const char* data, std::size_t size);

    const std::string& path() const { return _path; }

private:
    void openLocked();
    void closeLocked();
    void rotateLocked();

    const std::string _path;
    const std::uint64_t _maxBytes;
    const unsigned _keep;
    std::mutex _mutex;
    int _fd = -1;
    std::uint64_t _size = 0;
};

} // namespace outexample
