#pragma once
// Where a run's traffic goes: the embedded mock cluster, a local real Kafka, or any external cluster.
#include "cluster/FaultSpec.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct FaultResult {
    bool ok = false;
    std::string message;  // what happened ("broker 2 is down"), or why not
    int32_t broker = -1;  // the broker (node) it acted on, when one: what `broker=leader` resolved to
};

struct PartitionInfo {
    int32_t partition = 0;
    int32_t leader = -1;  // -1: no leader
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
    std::string error;    // empty when the partition has no error
};

struct BrokerInfo {
    int32_t id = 0;
    std::string address;
    std::string state;  // "up", "down", "stopped", ...
    int rttMs = -1;     // the round trip AckLab adds (embedded network model + rtt faults); -1 when not AckLab's
    std::string role;   // e.g. "leads the DLQ topic"
};

struct ClusterView {
    std::string kind;  // "embedded", "local", "external"
    std::vector<BrokerInfo> brokers;
    std::vector<PartitionInfo> partitions;  // of the topic asked about
    std::vector<std::string> limits;        // what this cluster cannot show truthfully
};

class Cluster {
public:
    virtual ~Cluster() = default;
    Cluster() = default;
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    virtual std::string kind() const = 0;
    virtual std::string bootstrapServers() const = 0;
    virtual std::string describe() const = 0;  // "embedded, 3 brokers"
    // Extra client properties every producer/consumer on this cluster needs (security for external).
    virtual std::vector<std::pair<std::string, std::string>> clientProperties() const { return {}; }
    // Creates the topic when the cluster allows it (embedded: deterministic leader layout). Returns "" or why not.
    virtual std::string prepareTopic(const std::string& topic, int partitions) = 0;
    // Applies one fault now. `topic` resolves broker=leader (the leader of its partition 0).
    virtual FaultResult applyFault(const FaultSpec& fault, const std::string& topic) = 0;
    virtual bool supportsFault(const FaultSpec& fault) const = 0;
    virtual ClusterView view(const std::string& topic) const = 0;
};

}  // namespace acklab
