#include "dlq/DlqFilter.h"

#include "common/Encoding.h"
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
    int64_t periodMs = 1;
    const auto t = parseIsoTimeMs(s, &periodMs);
    if (!t) return std::nullopt;
    return endOfPeriod ? *t + periodMs - 1 : *t;
}

}  // namespace acklab
