// FuzzBatch.cpp - libFuzzer target: a request body through the gzip batch
// decoder (multi-member, size limit, memory budget) and the line parser /
// validator, checking the parser's invariants on what it accepts. The raw
// input is also parsed as plain text so the validator is reached directly.
#include "GzipBatchDecoder.h"
#include "LineParser.h"
#include "MemoryBudget.h"

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void parseAndCheck(std::string_view text, bool prefixed)
{
    polymur::LineParserOptions options;
    options.maxLineLength = 512;
    options.maxPoints = 5000;
    if (prefixed)
        options.prefix = "fuzz.";
    std::string output;
    polymur::LineBatch batch;
    const std::size_t bound = polymur::parseMemoryBound(text, options);
    const polymur::ParseCounts counts = polymur::parseLines(text, options, output, batch);
    check(counts.accepted == batch.points.size());
    check(counts.accepted <= options.maxPoints);
    check(output.size() + batch.points.size() * sizeof(polymur::PointView) <= bound);
    std::array<std::string_view, 3> fields;
    for (const auto& point : batch.points)
    {
        // Every accepted line lies in the output, ends before its '\n', and
        // validates again (without the prefix) as exactly three fields.
        check(point.line.data() >= output.data() && point.line.data() + point.line.size() < output.data() + output.size());
        check(point.line.data()[point.line.size()] == '\n');
        check(point.name.data() == point.line.data() && point.name.size() < point.line.size());
        std::string_view line = point.line;
        if (prefixed)
        {
            check(line.substr(0, 5) == "fuzz.");
            line.remove_prefix(5);
        }
        polymur::SkipReason reason;
        check(polymur::validateLine(line, fields, reason));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static polymur::GzipBatchDecoder decoder;
    static polymur::MemoryBudget budget(4 << 20);
    const char* text = reinterpret_cast<const char*>(data);

    parseAndCheck(std::string_view(text, size), size % 2 == 0);

    std::string inflated;
    {
        polymur::BudgetLease lease(budget, std::chrono::milliseconds(0));
        const polymur::DecodeStatus status = decoder.decode(text, size, inflated, 1 << 20, &lease);
        check(inflated.size() <= (1u << 20) + 1);
        check(lease.held() <= budget.capacity());
        if (status == polymur::DecodeStatus::Ok)
            parseAndCheck(inflated, false);
    }
    check(budget.inUse() == 0);
    return 0;
}
