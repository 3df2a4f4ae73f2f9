#pragma once
// Turns what a DLQ holds into DlqRecords: AckLab envelopes (JSON value, acklab.dlq.* headers), Kafka Connect's
// dead-letter headers (__connect.errors.*), Spring Kafka's (kafka_dlt-*), or anything else as a raw record.
// Total over its input: malformed JSON, wrong types, bad base64, missing or mis-sized headers, binary bytes
// all give a record with parseError set, never an exception.
#include "dlq/DlqRecord.h"

#include <string_view>

namespace acklab {

class DlqRecordParser {
public:
    // A record consumed from a DLQ topic (source and timestamp already filled in `r`; raw fields too).
    static void parseKafkaRecord(DlqRecord& r);
    // One line of AckLab's fallback file, or of an --export-jsonl file (DlqRecord::toJson lines).
    static DlqRecord fromJsonLine(std::string_view line, const std::string& file, int64_t lineNumber);

    static constexpr std::string_view kConnectPrefix = "__connect.errors.";
    static constexpr std::string_view kSpringPrefix = "kafka_dlt-";
    static constexpr std::string_view kAckLabPrefix = "acklab.dlq.";
};

}  // namespace acklab
