#include "dlq/DlqRecordParser.h"

#include "common/Encoding.h"
#include "metrics/ErrorClassifier.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <ctime>

namespace acklab {
namespace {

using nlohmann::json;

// Collects the problems found; the first few are named, the rest counted, so the message stays short.
class Problems {
public:
    void add(std::string what) {
        if (shown_.size() < kShown) shown_.push_back(std::move(what));
        ++count_;
    }
    std::string text() const {
        std::string s;
        for (const auto& p : shown_) s += (s.empty() ? "" : "; ") + p;
        if (count_ > shown_.size()) s += " (and " + std::to_string(count_ - shown_.size()) + " more)";
        return s;
    }

private:
    static constexpr size_t kShown = 3;
    std::vector<std::string> shown_;
    size_t count_ = 0;
};

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

template <typename T>
std::optional<T> parseInt(std::string_view s) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// Java's DataOutput big-endian encodings (Spring writes partition as int, offset/timestamp as long).
std::optional<int64_t> bigEndian(std::string_view bytes) {
    if (bytes.size() != 4 && bytes.size() != 8) return std::nullopt;
    uint64_t v = 0;
    for (unsigned char c : bytes) v = (v << 8) | c;
    if (bytes.size() == 4) return static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(v)));
    return static_cast<int64_t>(v);
}

std::string simpleClassName(const std::string& fqcn) {
    const auto dot = fqcn.find_last_of('.');
    return dot == std::string::npos ? fqcn : fqcn.substr(dot + 1);
}

const std::string* findHeader(const DlqHeaders& h, std::string_view name) {
    const std::string* found = nullptr;
    for (const auto& [k, v] : h)
        if (k == name) found = &v;  // the last one wins, as rd_kafka_header_get_last
    return found;
}

DlqHeaders withoutPrefix(const DlqHeaders& h, std::string_view prefix) {
    DlqHeaders out;
    for (const auto& kv : h)
        if (!startsWith(kv.first, prefix)) out.push_back(kv);
    return out;
}

// ---- AckLab envelope, read leniently: every field that can be read is kept, every problem is reported ----

std::optional<std::string> bytesField(const json& j, const std::string& field, const std::string& where,
                                      Problems& p) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
        p.add(where + field + ": expected a string or null, got " + it->type_name());
        return std::nullopt;
    }
    std::string enc = "utf8";
    if (auto e = j.find(field + "_encoding"); e != j.end() && !e->is_null()) {
        if (!e->is_string()) {
            p.add(where + field + "_encoding: expected a string");
            return std::nullopt;
        }
        enc = e->get<std::string>();
    }
    if (enc == "base64") {
        auto raw = base64Decode(it->get<std::string>());
        if (!raw) p.add(where + field + ": not valid base64");
        return raw;
    }
    if (enc != "utf8" && enc != "utf-8") {
        p.add(where + field + "_encoding: unknown encoding '" + enc + "'");
        return std::nullopt;
    }
    return it->get<std::string>();
}

template <typename T>
void numberField(const json& j, const char* field, T& out, Problems& p) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return;
    if (it->is_number_integer()) {
        const auto v = it->get<int64_t>();
        if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
            p.add(std::string(field) + ": " + std::to_string(v) + " out of range");
            return;
        }
        out = static_cast<T>(v);
        return;
    }
    if (it->is_string()) {  // headers-style text numbers are tolerated
        if (auto v = parseInt<T>(it->get<std::string>())) {
            out = *v;
            return;
        }
    }
    p.add(std::string(field) + ": expected a whole number, got " + it->type_name());
}

void textField(const json& j, const char* field, std::string& out, Problems& p) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return;
    if (it->is_string()) out = it->get<std::string>();
    else p.add(std::string(field) + ": expected a string, got " + it->type_name());
}

void timeField(const json& j, const char* field, int64_t& out, Problems& p) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return;
    if (it->is_number_integer()) {
        out = it->get<int64_t>();
        return;
    }
    if (it->is_string()) {
        if (auto ms = parseIsoTimeMs(it->get<std::string>())) {
            out = *ms;
            return;
        }
        p.add(std::string(field) + ": '" + it->get<std::string>() + "' is not an ISO-8601 time");
        return;
    }
    p.add(std::string(field) + ": expected an ISO-8601 time, got " + it->type_name());
}

void applyEnvelope(const json& j, DlqRecord& r, Problems& p) {
    if (auto it = j.find("original_topic"); it == j.end() || it->is_null()) p.add("original_topic: missing");
    textField(j, "original_topic", r.originalTopic, p);
    numberField(j, "original_partition", r.originalPartition, p);
    numberField(j, "original_offset", r.originalOffset, p);
    r.key = bytesField(j, "original_key", "", p);
    r.value = bytesField(j, "original_value", "", p);
    if (auto h = j.find("original_headers"); h != j.end() && !h->is_null()) {
        if (!h->is_array()) {
            p.add("original_headers: expected an array, got " + std::string(h->type_name()));
        } else {
            size_t i = 0;
            for (const auto& item : *h) {
                const std::string where = "original_headers[" + std::to_string(i++) + "].";
                if (!item.is_object() || !item.contains("key") || !item["key"].is_string()) {
                    p.add(where.substr(0, where.size() - 1) + ": expected {\"key\": ..., \"value\": ...}");
                    continue;
                }
                r.headers.emplace_back(item["key"].get<std::string>(), bytesField(item, "value", where, p).value_or(""));
            }
        }
    }
    textField(j, "error", r.errorMessage, p);
    numberField(j, "error_code", r.errorCode, p);
    textField(j, "error_name", r.errorName, p);
    textField(j, "error_class", r.errorClass, p);
    textField(j, "exception_class", r.exceptionClass, p);
    textField(j, "run_id", r.runId, p);
    textField(j, "profile", r.profile, p);
    timeField(j, "produced_at", r.producedAtMs, p);
    timeField(j, "failed_at", r.failedAtMs, p);
    numberField(j, "attempts", r.attempts, p);
    if (r.attempts < 0) {
        p.add("attempts: must not be negative");
        r.attempts = 0;
    }
    if (r.errorName.empty() && r.errorCode != 0)
        r.errorName = ErrorClassifier::name(r.errorCode);
    if (r.errorClass.empty() && r.errorCode != 0)
        r.errorClass = std::string(toString(ErrorClassifier::classOf(r.errorCode)));
    if (auto d = j.find("details"); d != j.end() && d->is_object())
        for (const auto& [k, v] : d->items())
            if (v.is_string()) r.details[k] = v.get<std::string>();
}

// The acklab.dlq.* headers carry the envelope's scalar fields: used when the value cannot be read.
void applyAckLabHeaders(DlqRecord& r) {
    auto text = [&](const char* name, std::string& out) {
        if (const auto* v = findHeader(r.rawHeaders, std::string(DlqRecordParser::kAckLabPrefix) + name)) out = *v;
    };
    text("original_topic", r.originalTopic);
    text("error", r.errorMessage);
    text("error_name", r.errorName);
    text("error_class", r.errorClass);
    text("run_id", r.runId);
    text("profile", r.profile);
    std::string s;
    text("original_partition", s);
    if (auto v = parseInt<int32_t>(s)) r.originalPartition = *v;
    s.clear();
    text("error_code", s);
    if (auto v = parseInt<int32_t>(s)) r.errorCode = *v;
    s.clear();
    text("attempts", s);
    if (auto v = parseInt<int32_t>(s); v && *v >= 0) r.attempts = *v;
    s.clear();
    text("failed_at", s);
    if (auto v = parseIsoTimeMs(s)) r.failedAtMs = *v;
    s.clear();
    text("produced_at", s);
    if (auto v = parseIsoTimeMs(s)) r.producedAtMs = *v;
}

void parseAckLab(DlqRecord& r) {
    r.format = DlqFormat::AckLab;
    r.key = r.rawKey;  // the writer keys the DLQ record with the original key
    Problems p;
    if (!r.rawValue) {
        p.add("value: null (no envelope)");
    } else {
        json j = json::parse(*r.rawValue, nullptr, false);
        if (j.is_discarded()) p.add("value: not JSON (truncated or corrupt envelope)");
        else if (!j.is_object()) p.add(std::string("value: expected a JSON object, got ") + j.type_name());
        else {
            r.key.reset();
            applyEnvelope(j, r, p);
            r.parseError = p.text();
            if (r.failedAtMs == 0) r.failedAtMs = r.timestampMs;
            return;
        }
    }
    applyAckLabHeaders(r);
    r.value.reset();  // the original value was inside the envelope we could not read
    r.parseError = p.text();
    if (r.failedAtMs == 0) r.failedAtMs = r.timestampMs;
}

void parseConnect(DlqRecord& r) {
    r.format = DlqFormat::Connect;
    r.key = r.rawKey;
    r.value = r.rawValue;
    r.headers = withoutPrefix(r.rawHeaders, DlqRecordParser::kConnectPrefix);
    Problems p;
    auto h = [&](const char* name) { return findHeader(r.rawHeaders, std::string(DlqRecordParser::kConnectPrefix) + name); };
    if (const auto* v = h("topic")) r.originalTopic = *v;
    else p.add("header __connect.errors.topic: missing");
    if (const auto* v = h("partition")) {
        if (auto n = parseInt<int32_t>(*v)) r.originalPartition = *n;
        else p.add("header __connect.errors.partition: not a number");
    } else {
        p.add("header __connect.errors.partition: missing");
    }
    if (const auto* v = h("offset")) {
        if (auto n = parseInt<int64_t>(*v)) r.originalOffset = *n;
        else p.add("header __connect.errors.offset: not a number");
    } else {
        p.add("header __connect.errors.offset: missing");
    }
    if (const auto* v = h("exception.class.name")) r.exceptionClass = *v;
    if (const auto* v = h("exception.message")) r.errorMessage = *v;
    if (const auto* v = h("connector.name")) r.details["connector"] = *v;
    if (const auto* v = h("task.id")) r.details["task"] = *v;
    if (const auto* v = h("stage")) r.details["stage"] = *v;
    if (const auto* v = h("class.name")) r.details["executing_class"] = *v;
    if (const auto* v = h("exception.stacktrace")) r.details["stacktrace"] = *v;
    r.errorName = simpleClassName(r.exceptionClass);
    r.failedAtMs = r.timestampMs;
    r.parseError = p.text();
}

void parseSpring(DlqRecord& r) {
    r.format = DlqFormat::Spring;
    r.key = r.rawKey;
    r.value = r.rawValue;
    r.headers = withoutPrefix(r.rawHeaders, DlqRecordParser::kSpringPrefix);
    Problems p;
    auto h = [&](const char* name) { return findHeader(r.rawHeaders, std::string(DlqRecordParser::kSpringPrefix) + name); };
    // Spring writes binary big-endian numbers; decimal text (other writers) is accepted too.
    auto number = [&](const char* name, size_t size) -> std::optional<int64_t> {
        const auto* v = h(name);
        if (!v) return std::nullopt;
        if (v->size() == size) return bigEndian(*v);
        if (auto n = parseInt<int64_t>(*v)) return n;
        p.add(std::string("header kafka_dlt-") + name + ": expected " + std::to_string(size) +
              "-byte big-endian number, got " + std::to_string(v->size()) + " bytes");
        return std::nullopt;
    };
    if (const auto* v = h("original-topic")) r.originalTopic = *v;
    else p.add("header kafka_dlt-original-topic: missing");
    if (h("original-partition")) {
        if (auto n = number("original-partition", 4)) {
            if (*n < INT32_MIN || *n > INT32_MAX) p.add("header kafka_dlt-original-partition: out of range");
            else r.originalPartition = static_cast<int32_t>(*n);
        }
    } else {
        p.add("header kafka_dlt-original-partition: missing");
    }
    if (h("original-offset")) {
        if (auto n = number("original-offset", 8)) r.originalOffset = *n;
    } else {
        p.add("header kafka_dlt-original-offset: missing");
    }
    if (auto n = number("original-timestamp", 8)) r.producedAtMs = *n;
    if (const auto* v = h("exception-fqcn")) r.exceptionClass = *v;
    if (const auto* v = h("exception-message")) r.errorMessage = *v;
    if (const auto* v = h("exception-stacktrace")) r.details["stacktrace"] = *v;
    if (const auto* v = h("exception-cause-fqcn")) r.details["cause"] = *v;
    if (const auto* v = h("original-consumer-group")) r.details["consumer_group"] = *v;
    r.errorName = simpleClassName(r.exceptionClass);
    r.failedAtMs = r.timestampMs;
    r.parseError = p.text();
}

bool hasPrefix(const DlqHeaders& h, std::string_view prefix) {
    for (const auto& kv : h)
        if (startsWith(kv.first, prefix)) return true;
    return false;
}

bool looksLikeEnvelope(const std::optional<std::string>& value) {
    if (!value || value->empty() || (*value)[0] != '{') return false;
    json j = json::parse(*value, nullptr, false);
    return j.is_object() && j.contains("original_topic");
}

}  // namespace

void DlqRecordParser::parseKafkaRecord(DlqRecord& r) {
    try {
        if (hasPrefix(r.rawHeaders, kConnectPrefix)) parseConnect(r);
        else if (hasPrefix(r.rawHeaders, kSpringPrefix)) parseSpring(r);
        else if (hasPrefix(r.rawHeaders, kAckLabPrefix) || looksLikeEnvelope(r.rawValue)) parseAckLab(r);
        else {
            r.format = DlqFormat::Raw;
            r.key = r.rawKey;
            r.value = r.rawValue;
            r.headers = r.rawHeaders;
            r.failedAtMs = r.timestampMs;
        }
    } catch (const std::exception& e) {  // defensive: a parser bug must not take the reader down
        r.parseError = std::string("unexpected: ") + e.what();
    }
}

DlqRecord DlqRecordParser::fromJsonLine(std::string_view line, const std::string& file, int64_t lineNumber) {
    DlqRecord r;
    r.source.kind = DlqSource::Kind::File;
    r.source.file = file;
    r.source.line = lineNumber;
    r.rawValue = std::string(line);
    r.format = DlqFormat::Raw;
    try {
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            r.parseError = "line " + std::to_string(lineNumber) + ": not JSON";
            r.value = r.rawValue;
            return r;
        }
        if (!j.is_object() || !j.contains("original_topic")) {
            r.parseError = "line " + std::to_string(lineNumber) + ": not a DLQ envelope (no original_topic)";
            r.value = r.rawValue;
            return r;
        }
        r.format = DlqFormat::AckLab;
        if (auto f = j.find("format"); f != j.end() && f->is_string())
            if (auto parsed = parseDlqFormat(f->get<std::string>())) r.format = *parsed;
        Problems p;
        applyEnvelope(j, r, p);
        int64_t ts = 0;
        Problems ignored;
        timeField(j, "timestamp", ts, ignored);
        r.timestampMs = ts > 0 ? ts : r.failedAtMs;
        if (r.failedAtMs == 0) r.failedAtMs = r.timestampMs;
        if (auto pe = j.find("parse_error"); pe != j.end() && pe->is_string()) p.add(pe->get<std::string>());
        r.parseError = p.text();
        if (!r.parseError.empty()) r.parseError = "line " + std::to_string(lineNumber) + ": " + r.parseError;
    } catch (const std::exception& e) {
        r.parseError = "line " + std::to_string(lineNumber) + ": unexpected: " + e.what();
    }
    return r;
}

}  // namespace acklab
