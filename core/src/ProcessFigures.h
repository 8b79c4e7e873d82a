// ProcessFigures.h - the process's own resource figures for runstats: RSS,
// virtual size, threads (from /proc/self/status), open descriptors and the
// malloc heap (glibc mallinfo2).
#pragma once

#include <cstdint>
#include <string_view>

namespace polymur {

struct ProcessFigures
{
    std::uint64_t rssBytes = 0;
    std::uint64_t rssPeakBytes = 0;
    std::uint64_t virtualBytes = 0;
    std::uint64_t threads = 0;
    std::uint64_t openFds = 0;
    std::uint64_t heapAllocatedBytes = 0; ///< In use by the program (malloc).
    std::uint64_t heapSystemBytes = 0;    ///< Obtained from the system by malloc.
    std::uint64_t heapFreeBytes = 0;      ///< Held by malloc but free.

    /// Read the figures of this process now. Fields it cannot read stay 0.
    static ProcessFigures readSelf();

    /// Parse the text of /proc/<pid>/status (VmRSS, VmHWM, VmSize in kB; Threads).
    static void parseStatus(std::string_view text, ProcessFigures& out);
};

} // namespace polymur
