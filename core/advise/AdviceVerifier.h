#pragma once
// Runs an advised profile against a cluster and checks the requirements held, with a fault that matches them:
//  1. a short steady run (no fault): the delivery latency p99 of the reports after its first second (set-up) against
//     the latency bound;
//  2. a run through a broker failure, read back by the audit (and, on Local Kafka, the live end-to-end tracker):
//     Local Kafka: the leader of the topic's partition killed (SIGKILL) at 3 s and restarted 6 s later;
//     embedded: the leader down at 3 s for 3 s; external: no fault (AckLab does not break clusters it does not own).
//     Loss = acknowledged-then-missing (audit) + failed + in flight at the end, against the loss tolerance;
//     duplicates (audit) against "duplicates no".
// Minutes of work at most: call it off any UI thread.
#include "advise/Advisor.h"
#include "audit/Auditor.h"
#include "cluster/FaultScheduler.h"
#include "traffic/RunSession.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace acklab {

class LocalKafkaCluster;

struct VerifyOptions {
    ClusterChoice cluster;
    std::string topic;          // "" : a fresh "acklab-advise-<time>" topic
    int64_t faultRunMs = 15000; // length of the fault run at the requirement's peak rate
    int64_t steadyRunMs = 5000;
    int64_t valueSize = 200;
    std::function<void(const std::string&)> progress;  // one line per step, from the calling thread
};

struct VerifyResult {
    std::string error;  // the verification could not run (the requirement is then not shown to hold)
    std::string cluster;
    std::string topic;
    std::vector<FiredFault> faults;
    // steady run
    uint64_t steadyDelivered = 0;
    uint64_t steadyMeasured = 0;  // reports after the first second (the latency measured)
    double steadyP50Ms = 0;
    double steadyP99Ms = 0;
    // fault run
    uint64_t sent = 0, delivered = 0, failed = 0, inFlightAtEnd = 0;
    std::optional<AuditResult> audit;
    std::optional<E2eSnapshot> e2e;
    uint64_t lost = 0;  // audit.lost + failed + in flight at the end
    double lossFraction = 0;
    bool latencyHeld = false, lossHeld = false, duplicatesHeld = false;
    bool held() const { return error.empty() && latencyHeld && lossHeld && duplicatesHeld; }
};

VerifyResult verifyAdvice(const Advice& advice, const VerifyOptions& options, LocalKafkaCluster* local);
std::string verifyText(const Advice& advice, const VerifyResult& v);

}  // namespace acklab
