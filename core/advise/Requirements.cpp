#include "advise/Requirements.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace acklab {

double Requirements::parseLoss(const std::string& text) {
    if (text == "none" || text == "0") return 0;
    if (text == "any" || text == "anything" || text == "100%") return 1;
    std::string number = text;
    double scale = 1;
    if (!number.empty() && number.back() == '%') {
        number.pop_back();
        scale = 0.01;
    }
    size_t used = 0;
    double v = -1;
    try {
        v = std::stod(number, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (number.empty() || used != number.size() || !std::isfinite(v) || v < 0 || v * scale > 1)
        throw RequirementsError("loss '" + text + "': expected none, any, a percentage (0.1%) or a fraction (0.001)");
    return v * scale;
}

std::string Requirements::lossText() const {
    if (lossNone()) return "none";
    if (lossAny()) return "any";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", lossTolerance * 100);
    return buf;
}

void Requirements::validate() const {
    std::string problems;
    auto add = [&](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
    if (maxLatencyMs < 1 || maxLatencyMs > 3'600'000) add("latency must be 1 ms to 1 hour");
    if (!(lossTolerance >= 0 && lossTolerance <= 1)) add("loss must be a fraction from 0 to 1");
    if (!(peakRate > 0 && peakRate <= 10'000'000)) add("peak rate must be more than 0 and at most 10,000,000 msgs/s");
    if (brokers < 1 || brokers > 1000) add("brokers must be 1 to 1000");
    if (!problems.empty()) throw RequirementsError(problems);
}

}  // namespace acklab
