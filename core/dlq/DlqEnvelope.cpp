#include "dlq/DlqEnvelope.h"

#include "common/Encoding.h"
#include "dlq/DlqJson.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

namespace acklab {
namespace {

using nlohmann::json;

std::optional<std::string> getBytes(const json& j, const std::string& field) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) throw DlqEnvelopeError(field + ": expected a string or null");
    std::string enc = "utf8";
    if (auto e = j.find(field + "_encoding"); e != j.end()) {
        if (!e->is_string()) throw DlqEnvelopeError(field + "_encoding: expected a string");
        enc = e->get<std::string>();
    }
    if (enc == "base64") {
        auto raw = base64Decode(it->get<std::string>());
        if (!raw) throw DlqEnvelopeError(field + ": not valid base64");
        return raw;
    }
    if (enc != "utf8" && enc != "utf-8") throw DlqEnvelopeError(field + "_encoding: unknown encoding '" + enc + "'");
    return it->get<std::string>();
}

template <typename T>
T getField(const json& j, const char* field, T fallback, bool required) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) {
        if (required) throw DlqEnvelopeError(std::string(field) + ": missing");
        return fallback;
    }
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw DlqEnvelopeError(std::string(field) + ": wrong type (" + it->type_name() + ")");
    }
}

int64_t timeField(const json& j, const char* field) {
    // Written as ISO-8601 text; epoch milliseconds are accepted too.
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return 0;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (!it->is_string()) throw DlqEnvelopeError(std::string(field) + ": expected an ISO-8601 time");
    const std::string s = it->get<std::string>();
    std::tm tm{};
    int ms = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &ms) < 6)
        throw DlqEnvelopeError(std::string(field) + ": '" + s + "' is not an ISO-8601 time");
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

}  // namespace

json DlqEnvelope::toJson() const {
    json j;
    j["original_topic"] = originalTopic;
    j["original_partition"] = originalPartition;
    putBytes(j, "original_key", originalKey);
    putBytes(j, "original_value", originalValue);
    json hdrs = json::array();
    for (const auto& [k, v] : originalHeaders) {
        json h;
        h["key"] = k;
        putBytes(h, "value", v);
        hdrs.push_back(std::move(h));
    }
    j["original_headers"] = std::move(hdrs);
    j["error"] = error;
    j["error_code"] = errorCode;
    j["error_name"] = errorName;
    j["error_class"] = errorClass;
    j["run_id"] = runId;
    j["profile"] = profile;
    j["produced_at"] = producedAtMs > 0 ? json(isoTimeMs(producedAtMs)) : json(nullptr);
    j["failed_at"] = isoTimeMs(failedAtMs);
    j["attempts"] = attempts;
    return j;
}

std::string DlqEnvelope::toJsonText() const { return toJson().dump(-1, ' ', false, json::error_handler_t::replace); }

DlqEnvelope DlqEnvelope::fromJson(const json& j) {
    if (!j.is_object()) throw DlqEnvelopeError("envelope: expected a JSON object");
    DlqEnvelope e;
    e.originalTopic = getField<std::string>(j, "original_topic", "", true);
    e.originalPartition = getField<int32_t>(j, "original_partition", -1, false);
    e.originalKey = getBytes(j, "original_key");
    e.originalValue = getBytes(j, "original_value");
    if (auto h = j.find("original_headers"); h != j.end() && !h->is_null()) {
        if (!h->is_array()) throw DlqEnvelopeError("original_headers: expected an array");
        size_t i = 0;
        for (const auto& item : *h) {
            const std::string where = "original_headers[" + std::to_string(i++) + "]";
            if (!item.is_object() || !item.contains("key") || !item["key"].is_string())
                throw DlqEnvelopeError(where + ": expected {\"key\": ..., \"value\": ...}");
            try {
                e.originalHeaders.emplace_back(item["key"].get<std::string>(), getBytes(item, "value").value_or(""));
            } catch (const DlqEnvelopeError& err) {
                throw DlqEnvelopeError(where + "." + err.what());
            }
        }
    }
    e.error = getField<std::string>(j, "error", "", false);
    e.errorCode = getField<int32_t>(j, "error_code", 0, false);
    e.errorName = getField<std::string>(j, "error_name", "", false);
    e.errorClass = getField<std::string>(j, "error_class", "", false);
    e.runId = getField<std::string>(j, "run_id", "", false);
    e.profile = getField<std::string>(j, "profile", "", false);
    e.producedAtMs = timeField(j, "produced_at");
    e.failedAtMs = timeField(j, "failed_at");
    e.attempts = getField<int32_t>(j, "attempts", 1, false);
    if (e.attempts < 0) throw DlqEnvelopeError("attempts: must not be negative");
    return e;
}

std::vector<std::pair<std::string, std::string>> DlqEnvelope::headers() const {
    return {
        {"acklab.dlq.original_topic", originalTopic},
        {"acklab.dlq.original_partition", std::to_string(originalPartition)},
        {"acklab.dlq.error", error},
        {"acklab.dlq.error_code", std::to_string(errorCode)},
        {"acklab.dlq.error_name", errorName},
        {"acklab.dlq.error_class", errorClass},
        {"acklab.dlq.run_id", runId},
        {"acklab.dlq.profile", profile},
        {"acklab.dlq.produced_at", producedAtMs > 0 ? isoTimeMs(producedAtMs) : ""},
        {"acklab.dlq.failed_at", isoTimeMs(failedAtMs)},
        {"acklab.dlq.attempts", std::to_string(attempts)},
    };
}

}  // namespace acklab
