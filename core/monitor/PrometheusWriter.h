#pragma once
// Prometheus text exposition format 0.0.4: "# HELP", "# TYPE" once per metric family, then its samples with
// escaped label values. Names follow Prometheus conventions (acklab_ prefix, base units, _total for counters).
#include <string>
#include <utility>
#include <vector>

namespace acklab {

class PrometheusWriter {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    // Starts a family; type is "counter", "gauge" or "summary".
    void family(const std::string& name, const std::string& type, const std::string& help);
    // One sample; `suffix` for a summary's _sum / _count.
    void sample(const std::string& name, const Labels& labels, double value);
    const std::string& text() const { return text_; }

    static std::string escapeLabel(const std::string& v);  // \ " and newline
    static std::string number(double v);                   // shortest exact text; NaN / +Inf as Prometheus writes them

private:
    std::string text_;
};

}  // namespace acklab
