#pragma once
// Any Kafka cluster the user names: bootstrap servers plus security properties. No faults; read-only view.
#include "cluster/Cluster.h"

namespace acklab {

class ExternalCluster final : public Cluster {
public:
    ExternalCluster(std::string bootstrap, std::vector<std::pair<std::string, std::string>> properties = {});

    std::string kind() const override { return "external"; }
    std::string bootstrapServers() const override { return bootstrap_; }
    std::string describe() const override { return "external, " + bootstrap_; }
    std::vector<std::pair<std::string, std::string>> clientProperties() const override { return properties_; }
    std::string prepareTopic(const std::string&, int) override { return {}; }  // topics are the cluster's own
    FaultResult applyFault(const FaultSpec& fault, const std::string&) override;
    bool supportsFault(const FaultSpec&) const override { return false; }
    ClusterView view(const std::string& topic) const override;

    // Brokers and partition leaders/ISR from librdkafka metadata (shared with LocalKafka's view).
    static ClusterView metadataView(const std::string& bootstrap,
                                    const std::vector<std::pair<std::string, std::string>>& properties,
                                    const std::string& topic, int timeoutMs, std::string* error = nullptr);

private:
    std::string bootstrap_;
    std::vector<std::pair<std::string, std::string>> properties_;
};

}  // namespace acklab
