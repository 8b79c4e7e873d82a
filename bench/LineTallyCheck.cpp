// LineTallyCheck.cpp - ctest check of the benchmark sink's line counting:
// the eight-bytes-at-a-time space count agrees with a byte loop for every
// length and position, and lines split across reads or run together are
// counted and flagged as the sink must.
#include "LineTally.h"

#include <cstdio>
#include <string>

using namespace polymur::bench;

int main()
{
    int failures = 0;
    for (std::size_t length = 0; length < 40; ++length)
        for (int spaces = 0; spaces < 5; ++spaces)
            for (std::size_t shift = 0; shift < 8; ++shift)
            {
                std::string line = "servers." + std::string(length, 'a');
                for (int s = 0; s < spaces; ++s)
                    line.insert(8 + (length ? (static_cast<std::size_t>(s) * 7 + shift) % length : 0), " ");
                line += "1";
                int count = 0;
                for (std::size_t i = 8; i < line.size(); ++i)
                    count += line[i] == ' ';
                const bool expected = line.size() >= 13 && count == 2;
                if (wellFormedLine(line.data(), line.size()) != expected)
                {
                    std::printf("wrong verdict for '%s'\n", line.c_str());
                    ++failures;
                }
            }
    std::string carry;
    LineTally tally;
    const std::string first = "servers.a.b 1 2\nservers.c.d 3 4\nservers.e";
    const std::string second = ".f 5 6\nservers.x 1 1servers.y 2 2\nservers.cut 1";
    tallyLines(first.data(), first.size(), carry, tally);
    tallyLines(second.data(), second.size(), carry, tally);
    finishStream(carry, tally);
    if (tally.lines != 4 || tally.torn != 2)
    {
        std::printf("stream: %llu lines, %llu torn (want 4 and 2)\n", static_cast<unsigned long long>(tally.lines),
                    static_cast<unsigned long long>(tally.torn));
        ++failures;
    }
    std::printf("%s\n", failures ? "FAILED" : "OK");
    return failures ? 1 : 0;
}
