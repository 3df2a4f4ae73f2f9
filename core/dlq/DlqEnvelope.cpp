#include "dlq/DlqEnvelope.h"

#include "common/Encoding.h"
#include "dlq/DlqJson.h"

#include <nlohmann/json.hpp>

namespace acklab {

using nlohmann::json;

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
