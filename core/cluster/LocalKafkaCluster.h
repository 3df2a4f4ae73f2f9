#pragma once
// Local Kafka as a Cluster: runs go to its PLAINTEXT listener; process faults are real signals to its nodes.
#include "cluster/Cluster.h"
#include "cluster/LocalKafka.h"

#include <memory>

namespace acklab {

class LocalKafkaCluster final : public Cluster {
public:
    // Does not start anything: the cluster must be up (acklab-cli cluster up / the window's Up button).
    explicit LocalKafkaCluster(LocalKafkaOptions options = {});

    std::string kind() const override { return "local"; }
    std::string bootstrapServers() const override { return kafka_.bootstrap(); }
    std::string describe() const override;
    // Creates the topic (replication factor min(3, nodes)) unless it exists with the same partition count.
    std::string prepareTopic(const std::string& topic, int partitions) override;
    FaultResult applyFault(const FaultSpec& fault, const std::string& topic) override;
    bool supportsFault(const FaultSpec& fault) const override { return fault.isProcessKind(); }
    ClusterView view(const std::string& topic) const override;

    LocalKafka& kafka() { return kafka_; }
    static const std::vector<std::string>& limits();

private:
    LocalKafka kafka_;
};

}  // namespace acklab
