#pragma once
// Where a diagnosis asks: Local Kafka (only its running nodes, its SASL listener when the profile asks for SASL), any
// bootstrap servers, or an embedded cluster made for it (the topic created as a run would create it). Shared by
// acklab-cli diagnose and the Diagnose page.
#include "diagnose/Diagnoser.h"

#include <string>

namespace acklab {

struct DiagnoseTarget {
    enum class Kind { Local, Bootstrap, Embedded };
    Kind kind = Kind::Local;
    std::string bootstrap;  // Bootstrap
    int brokers = 3;        // Embedded
    int partitions = 3;     // Embedded: the topic's partitions
};

// Diagnoses `options` (its bootstrap filled in here) on the target. Local Kafka not running: a Diagnosis that is
// unreachable (exit status 3) naming `acklab-cli cluster up`.
Diagnosis diagnoseOn(const DiagnoseTarget& target, DiagnoseOptions options);

}  // namespace acklab
