// DLQ records from any tool: a JSON line of a fallback file, and a Kafka record whose key, value and headers
// (AckLab envelope headers, Kafka Connect's, Spring's, or none) come from the input. Total: never throws.
#include "dlq/DlqRecordParser.h"
#include "dlq/DlqRecordText.h"

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const auto line = acklab::DlqRecordParser::fromJsonLine(in, "fuzz.jsonl", 1);
    (void)acklab::dlqRecordText(line);

    // Layout: a prefix byte picks the header family; then NUL-separated key, value, and name/value pairs.
    static constexpr std::string_view kPrefixes[] = {"acklab.dlq.", "__connect.errors.", "kafka_dlt-", ""};
    acklab::DlqRecord r;
    r.source.kind = acklab::DlqSource::Kind::Topic;
    std::string_view rest = in.empty() ? in : in.substr(1);
    const std::string_view prefix = in.empty() ? "" : kPrefixes[static_cast<uint8_t>(in[0]) % 4];
    auto next = [&]() {
        const auto nul = rest.find('\0');
        const std::string_view part = rest.substr(0, nul);
        rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
        return std::string(part);
    };
    r.rawKey = next();
    r.rawValue = next();
    while (!rest.empty()) {
        std::string name = std::string(prefix) + next();
        r.rawHeaders.emplace_back(std::move(name), next());
    }
    acklab::DlqRecordParser::parseKafkaRecord(r);
    (void)acklab::dlqRecordText(r);
    return 0;
}
