#pragma once
// One line of a diagnosis: what AckLab found on the cluster (or in the profile), the lesson error it predicts
// a producer will see, and what to do about it.
#include <string>
#include <vector>

namespace acklab {

struct Finding {
    enum class Severity { Ok, Warn, Fail };
    Severity severity = Severity::Ok;
    std::string check;     // which check: "brokers", "topic", "replication", "isr", "size", "access.write", ...
    std::string what;      // what was found, with the numbers
    std::string predicts;  // the error a producer will see ("NOT_ENOUGH_REPLICAS"), "" when none
    std::string remedy;    // what to do, "" when nothing
};

const char* toString(Finding::Severity severity);
// Fail when any finding fails, else Warn when any warns, else Ok.
Finding::Severity worst(const std::vector<Finding>& findings);

}  // namespace acklab
