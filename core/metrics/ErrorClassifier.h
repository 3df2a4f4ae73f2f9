#pragma once
// Every rd_kafka_resp_err_t -> the name Kafka uses, a class, a one-line explanation and the remedy.
// A delivery-report error is final for that message: librdkafka has already retried (docs/architecture.md).
#include <librdkafka/rdkafka.h>

#include <string>
#include <string_view>

namespace acklab {

enum class ErrorClass { None, Transient, Permanent, Fatal };

std::string_view toString(ErrorClass c);  // "none", "transient", "permanent", "fatal"

struct ErrorInfo {
    int32_t code = 0;         // rd_kafka_resp_err_t's value (an int: codes from outside may be unknown to it)
    std::string name;         // Kafka's name without the RD_KAFKA_RESP_ERR_ prefix: "NOT_ENOUGH_REPLICAS",
                              // "_MSG_TIMED_OUT" (local errors keep their leading underscore)
    ErrorClass errorClass = ErrorClass::None;
    std::string explanation;  // what happened, one line
    std::string remedy;       // what to do, one line
};

class ErrorClassifier {
public:
    // Total over every code librdkafka 2.0.2 defines, and safe for any other integer (name "UNKNOWN_<n>",
    // class permanent, explanation says the code is unknown to this librdkafka).
    static ErrorInfo classify(rd_kafka_resp_err_t code);
    static ErrorClass classOf(rd_kafka_resp_err_t code);
    static std::string name(rd_kafka_resp_err_t code);
    // The same for a code read from outside (a DLQ record, a report): any int, where casting one outside
    // librdkafka's enum range to rd_kafka_resp_err_t would be undefined behaviour (found by FuzzDlqRecord).
    static ErrorInfo classify(int32_t code);
    static ErrorClass classOf(int32_t code);
    static std::string name(int32_t code);
    // Parses "NOT_ENOUGH_REPLICAS", "_MSG_TIMED_OUT", "RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS", or a number
    // ("19", "-192"). Returns false when unknown.
    static bool parse(std::string_view text, rd_kafka_resp_err_t& out);
};

}  // namespace acklab
