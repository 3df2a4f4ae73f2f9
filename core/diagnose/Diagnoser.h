#pragma once
// "Why does my producer fail?" answered before it runs: asks the cluster (ClusterProbe) as the profile's
// principal, then applies the rules (DiagnoseRules) to the answers and the profile. docs/diagnose.md.
#include "diagnose/ClusterFacts.h"
#include "diagnose/DiagnoseRules.h"
#include "diagnose/Finding.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct DiagnoseOptions {
    std::string bootstrap;
    // Extra connection properties (security.protocol, sasl.*, ssl.*); the profile's own are used too.
    std::vector<std::pair<std::string, std::string>> connection;
    DiagnoseInput input;
    std::vector<std::string> nodeNotes;  // Local Kafka: nodes that are stopped or dead
    int timeoutMs = 5000;
    // Ask InitProducerId with the profile's transactional.id (fences a producer running with it); off by default.
    bool probeTransactionalId = false;
};

struct Diagnosis {
    ClusterFacts facts;
    std::vector<Finding> findings;

    bool unreachable() const { return !facts.reachable && facts.authenticationError.empty(); }
    bool predictsFailure() const;  // any Fail finding
    // acklab-cli's status: 3 unreachable, 1 a predicted failure, 0 none.
    int exitStatus() const;
};

Diagnosis diagnose(const DiagnoseOptions& options);

// Human text: one block per finding ("FAIL  isr  ...\n      predicts NOT_ENOUGH_REPLICAS\n      remedy: ...").
std::string diagnosisText(const Diagnosis& d);
// {"bootstrap", "principal", "reachable", "verdict": "ok|warn|fail", "findings": [{severity, check, what,
// predicts, remedy}], "topic": {...}, "brokers": [...]}
nlohmann::json diagnosisJson(const Diagnosis& d);

}  // namespace acklab
