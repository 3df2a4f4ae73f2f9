#include "Args.h"

#include "common/Duration.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace acklab::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
           const std::vector<std::string>& switches, const std::vector<std::string>& repeatable) {
    auto contains = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (a.size() < 2 || a[0] != '-' || a == "-") {
            positionals_.push_back(a);
            continue;
        }
        std::optional<std::string> inlineValue;
        if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
            inlineValue = a.substr(eq + 1);
            a = a.substr(0, eq);
        }
        if (contains(switches, a)) {
            if (inlineValue) throw UsageError(a + ": takes no value");
            values_[a].push_back("");
            continue;
        }
        if (!contains(valued, a) && !contains(repeatable, a)) throw UsageError(a + ": unknown flag (see --help)");
        std::string v;
        if (inlineValue) v = *inlineValue;
        else if (i + 1 < argv.size()) v = argv[++i];
        else throw UsageError(a + ": needs a value");
        if (values_.count(a) && !contains(repeatable, a)) throw UsageError(a + ": given more than once");
        values_[a].push_back(v);
    }
}

bool Args::has(const std::string& flag) const { return values_.count(flag) > 0; }

std::optional<std::string> Args::value(const std::string& flag) const {
    auto it = values_.find(flag);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::values(const std::string& flag) const {
    auto it = values_.find(flag);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int64_t Args::integer(const std::string& flag, int64_t fallback, int64_t min, int64_t max) const {
    auto v = value(flag);
    if (!v) return fallback;
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max)
        throw UsageError(flag + ": '" + *v + "' is not a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    return n;
}

double Args::number(const std::string& flag, double fallback, double min, double max) const {
    auto v = value(flag);
    if (!v) return fallback;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !std::isfinite(d) || d < min || d > max)
        throw UsageError(flag + ": '" + *v + "' is not a number from " + std::to_string(static_cast<int64_t>(min)) +
                         " to " + std::to_string(static_cast<int64_t>(max)));
    return d;
}

std::optional<int64_t> Args::durationMs(const std::string& flag) const {
    auto v = value(flag);
    if (!v) return std::nullopt;
    auto ms = parseDurationMs(*v);
    if (!ms) throw UsageError(flag + ": '" + *v + "' is not a duration (e.g. 10, 10s, 500ms, 2m)");
    return ms;
}

}  // namespace acklab::cli

namespace acklab::cli {

std::pair<std::string, std::string> keyValueArg(const std::string& flag, const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError(flag + ": '" + kv + "' is not key=value");
    return {kv.substr(0, eq), kv.substr(eq + 1)};
}

}  // namespace acklab::cli
