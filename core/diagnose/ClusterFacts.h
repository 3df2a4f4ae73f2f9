#pragma once
// What the Diagnoser learned by asking a cluster, as plain data: the input of the pure rules
// (DiagnoseRules.h), so they can be tested on any described state without a cluster.
#include "cluster/Cluster.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace acklab {

// What the cluster answered when AckLab asked on behalf of the configured principal.
struct AccessFact {
    enum class State { NotChecked, Allowed, Denied, Unknown };
    State state = State::NotChecked;
    std::string detail;  // how it was found out (the probe and the broker's answer), or why it could not be
};

struct BrokerFact {
    int32_t id = 0;
    std::string address;
    // From the ApiVersions answer librdkafka logs (debug=feature); -1 when it was not seen.
    int produceMin = -1;
    int produceMax = -1;
    int apiCount = 0;
};

struct TopicFacts {
    std::string name;                      // "" when not asked about
    std::string metadataError;             // "" | "UNKNOWN_TOPIC_OR_PART" | "TOPIC_AUTHORIZATION_FAILED" | ...
    std::vector<PartitionInfo> partitions;
    std::map<std::string, std::string> configs;  // DescribeConfigs on the topic (every entry, defaults included)
    std::string configsError;                    // why configs is empty ("" when it was read)
    AccessFact describe;
    AccessFact write;
    bool exists() const { return !name.empty() && metadataError.empty() && !partitions.empty(); }
};

struct ClusterFacts {
    std::string bootstrap;
    bool reachable = false;
    std::string unreachableReason;   // when not reachable
    std::string authenticationError; // SASL/SSL refused (the broker answered, but not to these credentials)
    std::vector<BrokerFact> brokers;
    std::vector<std::string> nodeNotes;  // Local Kafka only: "node 3 is stopped (SIGSTOP)"
    std::map<std::string, std::string> brokerConfigs;  // DescribeConfigs on one broker
    int32_t configBroker = -1;
    std::string brokerConfigsError;
    std::string principal;               // "User:bob" (from sasl.username) or "" when it cannot be told
    std::vector<std::string> acls;       // DescribeAcls bindings for the principal, as text
    std::string aclsError;               // why they could not be listed ("" when listed)
    bool aclsAsked = false;
    TopicFacts topic;
    TopicFacts dlq;
    AccessFact idempotentWrite;
    AccessFact transactionalId;
};

}  // namespace acklab
