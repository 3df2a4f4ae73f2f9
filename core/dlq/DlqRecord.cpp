#include "dlq/DlqRecord.h"

#include "common/Encoding.h"
#include "dlq/DlqJson.h"

#include <nlohmann/json.hpp>

namespace acklab {
namespace {

using nlohmann::json;

json headersJson(const DlqHeaders& headers) {
    json a = json::array();
    for (const auto& [k, v] : headers) {
        json h;
        h["key"] = isValidUtf8(k) ? k : base64Encode(k);
        putBytes(h, "value", v);
        a.push_back(std::move(h));
    }
    return a;
}

}  // namespace

std::string_view toString(DlqFormat f) {
    switch (f) {
        case DlqFormat::AckLab: return "acklab";
        case DlqFormat::Connect: return "connect";
        case DlqFormat::Spring: return "spring";
        case DlqFormat::Raw: break;
    }
    return "raw";
}

std::optional<DlqFormat> parseDlqFormat(std::string_view text) {
    for (auto f : {DlqFormat::AckLab, DlqFormat::Connect, DlqFormat::Spring, DlqFormat::Raw})
        if (text == toString(f)) return f;
    return std::nullopt;
}

std::string DlqSource::describe() const {
    if (kind == Kind::File) return file + ":" + std::to_string(line);
    return topic + "[" + std::to_string(partition) + "]@" + std::to_string(offset);
}

json DlqRecord::toJson() const {
    json j;
    j["original_topic"] = originalTopic;
    j["original_partition"] = originalPartition;
    j["original_offset"] = originalOffset >= 0 ? json(originalOffset) : json(nullptr);
    putBytes(j, "original_key", key);
    putBytes(j, "original_value", value);
    j["original_headers"] = headersJson(headers);
    j["error"] = errorMessage;
    j["error_code"] = errorCode;
    j["error_name"] = errorName;
    j["error_class"] = errorClass;
    j["exception_class"] = exceptionClass;
    j["run_id"] = runId;
    j["profile"] = profile;
    j["produced_at"] = producedAtMs > 0 ? json(isoTimeMs(producedAtMs)) : json(nullptr);
    j["failed_at"] = failedAtMs > 0 ? json(isoTimeMs(failedAtMs)) : json(nullptr);
    j["attempts"] = attempts;
    j["format"] = std::string(toString(format));
    json src;
    if (source.kind == DlqSource::Kind::Topic) {
        src["topic"] = source.topic;
        src["partition"] = source.partition;
        src["offset"] = source.offset;
    } else {
        src["file"] = source.file;
        src["line"] = source.line;
    }
    j["source"] = std::move(src);
    j["timestamp"] = timestampMs > 0 ? json(isoTimeMs(timestampMs)) : json(nullptr);
    json d = json::object();
    for (const auto& [k, v] : details) d[k] = isValidUtf8(v) ? v : base64Encode(v);
    j["details"] = std::move(d);
    j["parse_error"] = parseError.empty() ? json(nullptr) : json(parseError);
    return j;
}

}  // namespace acklab
