#pragma once
// A condition on a run report: "<path> <op> <number>", e.g. "audit.lost == 0", "messages.dlq >= 1",
// "latency_ms.p99 < 50", "e2e.lost == 0", "e2e.latency_ms.p99 < 100", or "error NOT_ENOUGH_REPLICAS seen".
// Short names are accepted for the common paths
// (failed, delivered, dlq, in_flight, lost, duplicated, reordered, p50, p99, msgs_per_s).
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace acklab {

class ExpectationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Expectation {
    std::string text;   // as written
    std::string path;   // dotted path in the report ("audit.lost"), or "" for an error-seen check
    std::string op;     // ==, !=, <, <=, >, >=
    double value = 0;
    std::string errorName;  // for "error X seen" / "error X not seen"
    bool errorSeen = true;

    static Expectation parse(const std::string& text);  // throws ExpectationError naming the problem

    struct Outcome {
        bool met = false;
        std::string actual;  // the value found ("3", "absent")
        std::string message; // "audit.lost == 0: met (0)" / "... NOT met: actual 3"
    };
    Outcome evaluate(const nlohmann::json& report) const;
};

}  // namespace acklab
