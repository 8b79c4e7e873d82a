// PrometheusText.h - a strict parser of the Prometheus text exposition
// format (0.0.4) for tests: checks HELP/TYPE lines, metric and label name
// syntax, label escaping, values, duplicate series and family grouping.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace polymur::test {

struct PrometheusSample
{
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct PrometheusDocument
{
    std::map<std::string, std::string> types; ///< family -> counter|gauge|...
    std::map<std::string, std::string> help;  ///< family -> help text
    std::vector<PrometheusSample> samples;

    /// The value of the series; throws std::out_of_range when absent.
    double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;
    bool has(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;
};

/// Throws std::runtime_error("line N: ...") on any format violation.
PrometheusDocument parsePrometheusText(const std::string& text);

} // namespace polymur::test
