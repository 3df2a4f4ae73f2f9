#include "common/Duration.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace acklab {

std::optional<int64_t> parseDurationMs(std::string_view text) {
    if (text.empty() || text.size() > 32) return std::nullopt;
    std::string s(text);
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(value) || value < 0) return std::nullopt;
    const std::string unit(end);
    double ms = 0;
    if (unit.empty() || unit == "s") ms = value * 1000.0;
    else if (unit == "ms") ms = value;
    else if (unit == "us") ms = value / 1000.0;
    else if (unit == "m" || unit == "min") ms = value * 60'000.0;
    else if (unit == "h") ms = value * 3'600'000.0;
    else return std::nullopt;
    if (ms > 7.0 * 24 * 3600 * 1000) return std::nullopt;  // a week is plenty; larger is a typo
    return static_cast<int64_t>(std::llround(ms));
}

std::string formatDurationMs(int64_t ms) {
    char buf[48];
    if (ms % 1000 == 0) std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ms / 1000));
    else if (ms < 1000) std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ms));
    else std::snprintf(buf, sizeof buf, "%.3gs", static_cast<double>(ms) / 1000.0);
    return buf;
}

std::string readableDuration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return "?";
    char buf[64];
    if (seconds < 10) {
        std::snprintf(buf, sizeof buf, "%.1f s", seconds);
        return buf;
    }
    const auto s = static_cast<long long>(seconds);
    if (s < 120) std::snprintf(buf, sizeof buf, "%lld s", s);
    else if (s < 7200) std::snprintf(buf, sizeof buf, "%lld min %lld s", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%lld h %lld min", s / 3600, (s / 60) % 60);
    return buf;
}

}  // namespace acklab
