#pragma once
// librdkafka's in-process mock cluster (rdkafka_mock.h) owned by a dedicated idle host handle, so producers
// can come and go with any settings. Pitfalls designed around (docs/embedded-cluster.md):
//  - the cluster must be destroyed BEFORE its host handle;
//  - pushed errors are consumed by ANY client's next request, and a per-broker stack hides cluster-wide
//    pushes forever: AckLab only ever pushes per broker, and keeps the DLQ topic's leader on a broker of its
//    own (the last one) when there are two or more, so DLQ writes don't eat the run's injected errors;
//  - no broker-side election: "down" leaves the leader in place; "leader" moves it explicitly.
#include "cluster/Cluster.h"
#include "common/RdKafka.h"

#include <librdkafka/rdkafka_mock.h>

#include <map>
#include <mutex>
#include <set>

namespace acklab {

class EmbeddedCluster final : public Cluster {
public:
    // baseRttMs: the network model, a round trip every broker adds to every request (the mock answers in well
    // under a millisecond otherwise, which hides what acks=0 saves). An `rtt` fault adds to it.
    explicit EmbeddedCluster(int brokers = 3, std::string dlqTopic = "dead-letter-queue", int baseRttMs = 0);
    ~EmbeddedCluster() override;

    std::string kind() const override { return "embedded"; }
    std::string bootstrapServers() const override { return bootstraps_; }
    std::string describe() const override;
    std::string prepareTopic(const std::string& topic, int partitions) override;
    FaultResult applyFault(const FaultSpec& fault, const std::string& topic) override;
    bool supportsFault(const FaultSpec& fault) const override { return fault.isEmbeddedKind(); }
    ClusterView view(const std::string& topic) const override;

    int brokerCount() const { return brokers_; }
    int baseRttMs() const { return baseRttMs_; }
    int32_t leaderOf(const std::string& topic, int32_t partition) const;  // -1 when unknown

    static const std::vector<std::string>& limits();

private:
    int32_t resolveBroker(const std::string& broker, const std::string& topic) const;

    int brokers_;
    std::string dlqTopic_;
    int baseRttMs_;
    KafkaHandle host_;
    KafkaMockCluster mcluster_;  // after host_, so destroyed before it
    std::string bootstraps_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<int32_t>> leaders_;  // topic -> leader per partition
    std::set<int32_t> down_;
    std::map<int32_t, int> rtt_;  // added by `rtt` faults, on top of baseRttMs_
};

}  // namespace acklab
