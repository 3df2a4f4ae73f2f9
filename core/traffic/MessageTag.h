#pragma once
// Every message a run sends carries its tag, "<run id>/<sequence number>", so the audit (and any consumer) can
// tell which run wrote it and in what order. Where the tag travels:
//  - in the value, when the value is AckLab's own filler of --size bytes (large enough to hold it): the value
//    starts "acklab:<run id>/<seq>;" and the rest is filler. The record is then exactly the size asked for, as
//    in kafka-producer-perf-test; a header would add ~27 bytes to a 100-byte record and, in 16 KB batches,
//    cost about a fifth of the messages per batch (measured on real Kafka, tests/bench/kafka_perf.sh).
//  - in one header "acklab" otherwise (a template's value is the user's JSON and stays untouched; a value
//    smaller than the tag). One header, not two: each header is an allocation inside librdkafka, and at a
//    million messages a second a second header cost ~20 % of throughput (measured).
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace acklab {

inline constexpr const char* kMessageTagHeader = "acklab";

// Writes "<runId>/<seq>" into buf (which must hold runId.size() + 21 bytes); returns the length.
inline size_t formatMessageTag(char* buf, std::string_view runId, int64_t seq) {
    runId.copy(buf, runId.size());
    buf[runId.size()] = '/';
    auto [end, ec] = std::to_chars(buf + runId.size() + 1, buf + runId.size() + 21, seq);
    return static_cast<size_t>(end - buf);
}

inline std::string messageTag(std::string_view runId, int64_t seq) {
    std::string s(runId.size() + 21, '\0');
    s.resize(formatMessageTag(s.data(), runId, seq));
    return s;
}

inline constexpr std::string_view kValueTagPrefix = "acklab:";
inline constexpr char kValueTagEnd = ';';

// The longest value tag a run id can produce ("acklab:" + run + "/" + 19 digits + ";"): filler values at least
// this long carry the tag in the value.
inline size_t maxValueTagSize(std::string_view runId) { return kValueTagPrefix.size() + runId.size() + 1 + 19 + 1; }

// Writes "acklab:<runId>/<seq>;" into buf (which must hold maxValueTagSize(runId) bytes); returns the length.
inline size_t formatValueTag(char* buf, std::string_view runId, int64_t seq) {
    kValueTagPrefix.copy(buf, kValueTagPrefix.size());
    size_t n = kValueTagPrefix.size() + formatMessageTag(buf + kValueTagPrefix.size(), runId, seq);
    buf[n++] = kValueTagEnd;
    return n;
}

// Splits a tag; false when it is not "<run>/<non-negative integer>".
inline bool parseMessageTag(std::string_view tag, std::string_view& runId, int64_t& seq) {
    const auto slash = tag.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == tag.size()) return false;
    const char* first = tag.data() + slash + 1;
    const char* last = tag.data() + tag.size();
    auto [p, ec] = std::from_chars(first, last, seq);
    if (ec != std::errc() || p != last || seq < 0) return false;
    runId = tag.substr(0, slash);
    return true;
}

// Finds the tag at the start of a value; false when the value does not start with a well-formed value tag.
inline bool parseValueTag(std::string_view value, std::string_view& runId, int64_t& seq) {
    if (value.substr(0, kValueTagPrefix.size()) != kValueTagPrefix) return false;
    value.remove_prefix(kValueTagPrefix.size());
    const auto end = value.find(kValueTagEnd);
    if (end > 96) return false;  // npos (no end) is larger too
    return parseMessageTag(value.substr(0, end), runId, seq);
}

}  // namespace acklab
