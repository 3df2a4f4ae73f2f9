#include "dlq/DlqExport.h"

#include "common/Encoding.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <ostream>

namespace acklab {
namespace {

std::pair<std::string, std::string> bytesAndEncoding(const std::optional<std::string>& b) {
    if (!b) return {"", "null"};
    if (isValidUtf8(*b)) return {*b, "utf8"};
    return {base64Encode(*b), "base64"};
}

template <typename Fn>
std::string toFile(const std::string& path, Fn&& write) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return path + ": cannot open for writing";
    write(out);
    out.flush();
    if (!out) return path + ": write failed";
    return {};
}

}  // namespace

std::string DlqExport::csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + '"';
}

void DlqExport::jsonLines(const std::vector<const DlqRecord*>& records, std::ostream& out) {
    for (const auto* r : records)
        out << r->toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void DlqExport::csv(const std::vector<const DlqRecord*>& records, std::ostream& out) {
    out << "time,source,format,original_topic,original_partition,original_offset,key,key_encoding,error_name,"
           "error_class,error_code,error,exception_class,attempts,run_id,profile,produced_at,failed_at,value_bytes,"
           "value,value_encoding,headers,parse_error\n";
    for (const auto* r : records) {
        const auto [key, keyEnc] = bytesAndEncoding(r->key);
        const auto [value, valueEnc] = bytesAndEncoding(r->value);
        nlohmann::json hdrs = nlohmann::json::object();
        for (const auto& [k, v] : r->headers) hdrs[isValidUtf8(k) ? k : base64Encode(k)] = isValidUtf8(v) ? v : "base64:" + base64Encode(v);
        const std::string fields[] = {
            r->timeMs() > 0 ? isoTimeMs(r->timeMs()) : "",
            r->source.describe(),
            std::string(toString(r->format)),
            r->originalTopic,
            std::to_string(r->originalPartition),
            r->originalOffset >= 0 ? std::to_string(r->originalOffset) : "",
            key,
            keyEnc,
            r->errorName,
            r->errorClass,
            std::to_string(r->errorCode),
            r->errorMessage,
            r->exceptionClass,
            std::to_string(r->attempts),
            r->runId,
            r->profile,
            r->producedAtMs > 0 ? isoTimeMs(r->producedAtMs) : "",
            r->failedAtMs > 0 ? isoTimeMs(r->failedAtMs) : "",
            r->value ? std::to_string(r->value->size()) : "",
            value,
            valueEnc,
            hdrs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            r->parseError,
        };
        bool first = true;
        for (const auto& f : fields) {
            if (!first) out << ',';
            first = false;
            // Invalid UTF-8 in message fields would make the CSV unreadable for most tools: replace it.
            out << csvField(isValidUtf8(f) ? f : nlohmann::json(f).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        out << '\n';
    }
}

std::string DlqExport::jsonLinesFile(const std::vector<const DlqRecord*>& records, const std::string& path) {
    return toFile(path, [&](std::ostream& o) { jsonLines(records, o); });
}

std::string DlqExport::csvFile(const std::vector<const DlqRecord*>& records, const std::string& path) {
    return toFile(path, [&](std::ostream& o) { csv(records, o); });
}

}  // namespace acklab
