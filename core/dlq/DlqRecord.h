#pragma once
// One record read from a dead-letter queue (a DLQ topic, AckLab's local fallback file or an exported
// JSON-lines file), kept raw and normalised. Whatever its shape, a record is never dropped: what could not be
// understood is said in parseError and the raw bytes stay available.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acklab {

using DlqHeaders = std::vector<std::pair<std::string, std::string>>;  // raw bytes, order kept, repeats allowed

enum class DlqFormat { AckLab, Connect, Spring, Raw };

std::string_view toString(DlqFormat f);                          // "acklab", "connect", "spring", "raw"
std::optional<DlqFormat> parseDlqFormat(std::string_view text);  // the same words

// Where a record was read: a topic partition offset, or a file line.
struct DlqSource {
    enum class Kind { Topic, File };
    Kind kind = Kind::Topic;
    std::string topic;
    int32_t partition = -1;
    int64_t offset = -1;
    std::string file;
    int64_t line = 0;  // 1-based

    std::string describe() const;  // "dead-letter-queue[0]@17" or "dlq.jsonl:3"
};

struct DlqRecord {
    DlqSource source;
    int64_t timestampMs = 0;  // the DLQ record's own timestamp (topic), else failed_at (file)

    // Raw, as read: the DLQ record's key, value and headers (for a file line: the line is the value).
    std::optional<std::string> rawKey;
    std::optional<std::string> rawValue;
    DlqHeaders rawHeaders;

    DlqFormat format = DlqFormat::Raw;
    std::string parseError;  // "" when the record was understood completely

    // Normalised. For AckLab these come from the envelope; for Connect/Spring/raw, key/value are the record's
    // own and headers are its headers without the DLQ-specific ones.
    std::string originalTopic;  // "" when unknown
    int32_t originalPartition = -1;
    int64_t originalOffset = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    DlqHeaders headers;
    std::string errorName;      // "TOPIC_AUTHORIZATION_FAILED", or the exception's simple class name
    std::string errorClass;     // "permanent" ... (AckLab); "" when the producer of the DLQ did not classify
    int32_t errorCode = 0;
    std::string errorMessage;
    std::string exceptionClass;  // fully qualified (Connect, Spring)
    int32_t attempts = 1;
    std::string runId;
    std::string profile;
    int64_t producedAtMs = 0;  // the original record's time, when known
    int64_t failedAtMs = 0;
    std::map<std::string, std::string> details;  // connector, task, stage, stacktrace, cause ...

    bool ok() const { return parseError.empty(); }
    // The time shown and filtered on: failed_at when known, else the DLQ record's timestamp.
    int64_t timeMs() const { return failedAtMs > 0 ? failedAtMs : timestampMs; }

    // One JSON object with the envelope's field names (original_topic, original_key[_encoding], error_name ...)
    // plus original_offset, exception_class, format, source, timestamp, details and parse_error.
    // DlqRecordParser::fromJsonLine reads it back (the --export-jsonl format).
    nlohmann::json toJson() const;
};

}  // namespace acklab
