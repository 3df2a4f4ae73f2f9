#pragma once
// Asks a cluster, as the configured principal, what the diagnosis rules need (ClusterFacts): brokers and their
// ApiVersions, topic metadata, DescribeConfigs of the topic and the brokers, DescribeAcls, and probes for what
// the principal may do. Every probe is built to leave nothing behind (docs/diagnose.md):
//  - Describe: a metadata request with allow.auto.create.topics=false (a producer's default would ask the
//    broker to create a missing topic);
//  - Write: one record one byte over the topic's max.message.bytes, to one partition. Kafka checks the Write ACL
//    before it looks at the records; an authorised write is then refused whole by the log (MSG_SIZE_TOO_LARGE),
//    an unauthorised one answered TOPIC_AUTHORIZATION_FAILED. Nothing is appended either way. Without the topic's
//    max.message.bytes (DescribeConfigs refused) no probe is sure to write nothing, and Write stays unknown;
//  - IdempotentWrite: an idempotent producer that only starts (InitProducerId), sends nothing;
//  - TransactionalId: only when asked (probeTransactionalId): InitProducerId with the profile's transactional.id.
//    Kafka checks Write on the TransactionalId first; when allowed, the new epoch fences a producer running with
//    that id (its open transaction is aborted). Without the opt-in the rules decide from the brokers' configs.
#include "common/RdKafka.h"
#include "diagnose/ClusterFacts.h"

#include <string>
#include <vector>

namespace acklab {

struct ProbeOptions {
    std::string bootstrap;
    KafkaProperties connection;  // security.protocol, sasl.*, ssl.* ...: the principal AckLab asks as
    std::string topic;
    std::string dlqTopic;
    bool idempotent = false;     // probe InitProducerId
    std::string transactionalId; // the profile's transactional.id, or ""
    bool probeTransactionalId = false;  // InitProducerId with it: fences a producer that runs with it
    int timeoutMs = 5000;        // per request
};

ClusterFacts probeCluster(const ProbeOptions& options);

// The connection properties among a profile's or -X's: security.protocol, sasl.*, ssl.*, client.dns.lookup.
bool isConnectionProperty(const std::string& key);

}  // namespace acklab
