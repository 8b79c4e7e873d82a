// ProcessFigures.cpp - /proc/self and mallinfo2 readers.
#include "ProcessFigures.h"

#include <dirent.h>
#include <fstream>
#include <malloc.h>
#include <sstream>

namespace polymur {

namespace {

std::uint64_t number(std::string_view text)
{
    std::uint64_t value = 0;
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
        value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    return value;
}

} // namespace

void ProcessFigures::parseStatus(std::string_view text, ProcessFigures& out)
{
    std::size_t start = 0;
    while (start < text.size())
    {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        if (key == "VmRSS")
            out.rssBytes = number(value) * 1024;
        else if (key == "VmHWM")
            out.rssPeakBytes = number(value) * 1024;
        else if (key == "VmSize")
            out.virtualBytes = number(value) * 1024;
        else if (key == "Threads")
            out.threads = number(value);
    }
}

ProcessFigures ProcessFigures::readSelf()
{
    ProcessFigures figures;
    std::ifstream status("/proc/self/status");
    if (status)
    {
        std::ostringstream text;
        text << status.rdbuf();
        parseStatus(text.str(), figures);
    }
    if (DIR* dir = ::opendir("/proc/self/fd"))
    {
        std::uint64_t count = 0;
        while (const dirent* entry = ::readdir(dir))
            if (entry->d_name[0] != '.')
                ++count;
        ::closedir(dir);
        figures.openFds = count > 0 ? count - 1 : 0; // minus the directory handle itself
    }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    const struct mallinfo2 info = ::mallinfo2();
    figures.heapAllocatedBytes = info.uordblks + info.hblkhd;
    figures.heapSystemBytes = info.arena + info.hblkhd;
    figures.heapFreeBytes = info.fordblks;
#endif
    return figures;
}

} // namespace polymur
