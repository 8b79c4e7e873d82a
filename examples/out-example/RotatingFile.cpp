// RotatingFile.cpp - POSIX append, size tracking and rename-based rotation.
#include "RotatingFile.h"

#include <Poco/Exception.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace outexample {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path)
{
    throw Poco::FileException(what + " " + path + ": " + std::strerror(errno));
}

} // namespace

RotatingFile::RotatingFile(std::string path, std::uint64_t maxBytes, unsigned keep)
    : _path(std::move(path)), _maxBytes(maxBytes), _keep(keep)
{
}

RotatingFile::~RotatingFile()
{
    std::lock_guard<std::mutex> lock(_mutex);
    closeLocked();
}

void RotatingFile::open()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_fd < 0)
        openLocked();
}

void RotatingFile::append(const char* data, std::size_t size)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_fd < 0)
        openLocked();
    if (_maxBytes > 0 && _size > 0 && _size + size > _maxBytes)
        rotateLocked();
    std::size_t done = 0;
    while (done < size)
    {
        const ssize_t n = ::write(_fd, data + done, size - done);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            const int error = errno;
            closeLocked(); // reopened (and re-measured) by the next call
            errno = error;
            fail("cannot write", _path);
        }
        done += static_cast<std::size_t>(n);
        _size += static_cast<std::uint64_t>(n);
    }
}

void RotatingFile::openLocked()
{
    _fd = ::open(_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (_fd < 0)
        fail("cannot open", _path);
    struct stat st;
    if (::fstat(_fd, &st) != 0)
    {
        const int error = errno;
        closeLocked();
        errno = error;
        fail("cannot stat", _path);
    }
    _size = static_cast<std::uint64_t>(st.st_size);
}

void RotatingFile::closeLocked()
{
    if (_fd >= 0)
        ::close(_fd);
    _fd = -1;
    _size = 0;
}

void RotatingFile::rotateLocked()
{
    closeLocked();
    if (_keep == 0)
    {
        if (::unlink(_path.c_str()) != 0 && errno != ENOENT)
            fail("cannot remove", _path);
    }
    else
    {
        // path.keep-1 -> path.keep, ..., path -> path.1 (path.keep is replaced).
        for (unsigned i = _keep; i > 0; --i)
        {
            const std::string from = i == 1 ? _path : _path + "." + std::to_string(i - 1);
            const std::string to = _path + "." + std::to_string(i);
            if (std::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT)
                fail("cannot rotate", from);
        }
    }
    openLocked();
}

} // namespace outexample
