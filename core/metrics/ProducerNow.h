#pragma once
// "What is this producer doing right now, and why": the window's now panel in data and sentences, built from
// a run's latest snapshot (counters, the oldest message waiting, librdkafka's statistics) and what the
// cluster view says about each broker. Pure: no clock, no I/O, so recorded statistics give the same text.
#include "cluster/Cluster.h"
#include "traffic/RunTypes.h"

#include <map>
#include <string>
#include <vector>

namespace acklab {

struct NowInput {
    std::string profile;                              // "critical"
    RunSnapshot snapshot;                             // counters, stats, oldestInFlightSentMs, state, elapsed
    std::map<std::string, std::string> properties;    // the run's effective producer properties
    std::string topic;
    std::vector<BrokerInfo> clusterBrokers;           // what the cluster says (state "down", ...); may be empty
    std::map<int32_t, int64_t> clusterStateSinceMs;   // run time the cluster view first showed each state
    double recentDeliveredPerSec = 0;                 // over the last second of the timeline
    double recentP99Ms = -1;                          // -1: no report in the last second
    int64_t msSinceLastDelivery = -1;                 // -1: nothing delivered yet
};

struct NowBroker {
    int32_t id = -1;
    std::string clientState;   // librdkafka's connection state: "UP", "DOWN", "TRY_CONNECT", ...
    std::string clusterState;  // the cluster's word for it: "up", "down", "stopped", "killed", "" when unknown
    int64_t stateSinceMs = -1; // run time at which the connection entered clientState, -1 unknown
    double rttMs = 0;
    int64_t waiting = 0;       // messages queued or in flight for the partitions it leads
    int64_t outbuf = 0;        // requests waiting to be sent
    int64_t waitResp = 0;      // requests sent, response not yet in
    std::vector<int32_t> partitions;
};

struct NowReport {
    std::string stateKey;   // changes when the story changes ("delivering", "waiting broker 1 DOWN", ...)
    std::string severity;   // "ok", "warning", "error"
    std::string headline;   // one sentence: "critical: 27,447 waiting; broker 1 DOWN since 16.0 s; ..."
    std::vector<std::string> details;  // the why, a sentence each
    uint64_t inFlight = 0;
    int64_t oldestAgeMs = -1;        // -1: nothing waits
    int64_t firstTimeoutInMs = -1;   // delivery.timeout.ms minus the oldest age; -1: nothing waits
    int64_t queueMessages = 0, queueMax = 0, queueBytes = 0;
    std::vector<NowBroker> brokers;
};

NowReport explainNow(const NowInput& in);

// "16.0 s", "850 ms", "4 min 5 s": durations in the panel's words.
std::string spokenDuration(int64_t ms);

}  // namespace acklab
