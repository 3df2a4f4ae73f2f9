#pragma once
// The DLQ envelope (docs/architecture.md): a JSON value (and Kafka headers carrying the same scalar fields).
// Keys and values that are not valid UTF-8 are base64 with a `*_encoding` field.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct DlqEnvelope {
    std::string originalTopic;
    int32_t originalPartition = -1;
    std::optional<std::string> originalKey;    // raw bytes; nullopt = no key
    std::optional<std::string> originalValue;  // raw bytes; nullopt = null value
    std::vector<std::pair<std::string, std::string>> originalHeaders;  // raw bytes, order kept, repeats allowed
    std::string error;        // librdkafka's text
    int32_t errorCode = 0;
    std::string errorName;    // "TOPIC_AUTHORIZATION_FAILED"
    std::string errorClass;   // "permanent"
    std::string runId;
    std::string profile;
    int64_t producedAtMs = 0;  // epoch ms (the message's CreateTime)
    int64_t failedAtMs = 0;
    int32_t attempts = 1;      // AckLab deliveries of this payload: 1, +1 per redrive that failed again

    nlohmann::json toJson() const;
    std::string toJsonText() const;  // one line, for JSON-lines files and the DLQ record's value
    // Read back by DlqRecordParser (as a DlqRecord, with the other tools' formats), not into a DlqEnvelope.
    // The record headers that carry the same scalar fields ("acklab.dlq.error_name", ...).
    std::vector<std::pair<std::string, std::string>> headers() const;
};

}  // namespace acklab
