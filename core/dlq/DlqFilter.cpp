#include "dlq/DlqFilter.h"

#include "metrics/ErrorClassifier.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <string_view>

namespace acklab {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool containsIgnoreCase(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return it != hay.end();
}

bool equalIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

bool DlqFilter::empty() const {
    return text.empty() && errorName.empty() && originalTopic.empty() && !sinceMs && !untilMs;
}

bool DlqFilter::sameErrorName(const std::string& a, const std::string& b) {
    if (equalIgnoreCase(a, b)) return true;
    rd_kafka_resp_err_t ca{}, cb{};
    std::string ua(a), ub(b);
    std::transform(ua.begin(), ua.end(), ua.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    std::transform(ub.begin(), ub.end(), ub.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    // Numbers are codes to the classifier; a name must not match a record whose name is a number.
    auto isName = [](const std::string& s) { return !s.empty() && !std::isdigit(static_cast<unsigned char>(s.back())); };
    return isName(ua) && isName(ub) && ErrorClassifier::parse(ua, ca) && ErrorClassifier::parse(ub, cb) && ca == cb;
}

bool DlqFilter::matches(const DlqRecord& r) const {
    if (!originalTopic.empty() && r.originalTopic != originalTopic) return false;
    if (!errorName.empty() && !sameErrorName(r.errorName, errorName)) return false;
    const int64_t t = r.timeMs();
    if (sinceMs && t < *sinceMs) return false;
    if (untilMs && t > *untilMs) return false;
    if (!text.empty()) {
        const bool hit = (r.key && containsIgnoreCase(*r.key, text)) || (r.value && containsIgnoreCase(*r.value, text)) ||
                         containsIgnoreCase(r.errorName, text) || containsIgnoreCase(r.errorMessage, text) ||
                         containsIgnoreCase(r.exceptionClass, text) ||
                         (!r.parseError.empty() && containsIgnoreCase(r.parseError, text));
        if (!hit) return false;
    }
    return true;
}

std::optional<int64_t> DlqFilter::parseTime(const std::string& s, bool endOfPeriod) {
    if (s.empty()) return std::nullopt;
    if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        s.size() > 8) {
        int64_t ms = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), ms);
        if (ec == std::errc() && p == s.data() + s.size()) return ms;
        return std::nullopt;
    }
    std::tm tm{};
    int ms = 0;
    int n = 0;
    int consumed = 0;
    // Date, then optional THH:MM[:SS[.mmm]], then optional Z.
    n = std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &consumed);
    if (n != 3 || consumed != 10) return std::nullopt;
    int64_t periodMs = 86'400'000;
    std::string rest = s.substr(10);
    if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
        int used = 0;
        n = std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &used);
        if (n != 2 || used != 5) return std::nullopt;
        rest = rest.substr(6);
        periodMs = 60'000;
        if (!rest.empty() && rest[0] == ':') {
            used = 0;
            if (std::sscanf(rest.c_str() + 1, "%2d%n", &tm.tm_sec, &used) != 1 || used != 2) return std::nullopt;
            rest = rest.substr(3);
            periodMs = 1000;
            if (!rest.empty() && rest[0] == '.') {
                used = 0;
                if (std::sscanf(rest.c_str() + 1, "%3d%n", &ms, &used) != 1 || used != 3) return std::nullopt;
                rest = rest.substr(4);
                periodMs = 1;
            }
        }
    }
    if (rest == "Z" || rest == "z") rest.clear();
    if (!rest.empty()) return std::nullopt;  // offsets other than Z are not accepted: times are UTC
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const int64_t t = static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
    return endOfPeriod ? t + periodMs - 1 : t;
}

}  // namespace acklab
