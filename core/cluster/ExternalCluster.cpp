#include "cluster/ExternalCluster.h"

#include "common/RdKafka.h"

namespace acklab {

ExternalCluster::ExternalCluster(std::string bootstrap, std::vector<std::pair<std::string, std::string>> properties)
    : bootstrap_(std::move(bootstrap)), properties_(std::move(properties)) {}

FaultResult ExternalCluster::applyFault(const FaultSpec& fault, const std::string&) {
    return {false, "'" + fault.kindName() + "': an external cluster is not AckLab's to break; faults work on the "
                                            "embedded cluster and on Local Kafka"};
}

ClusterView ExternalCluster::view(const std::string& topic) const {
    return metadataView(bootstrap_, properties_, topic, 5000);
}

ClusterView ExternalCluster::metadataView(const std::string& bootstrap,
                                          const std::vector<std::pair<std::string, std::string>>& properties,
                                          const std::string& topic, int timeoutMs, std::string* error) {
    ClusterView v;
    v.kind = "external";
    KafkaProperties props = properties;
    props.emplace_back("bootstrap.servers", bootstrap);
    props.emplace_back("client.id", "acklab-metadata");
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); },
                                  problems);
    if (!rk) {
        if (error) *error = joinProblems(problems);
        return v;
    }
    const rd_kafka_metadata_t* md = nullptr;
    const KafkaTopic rkt = topic.empty() ? nullptr : topicHandle(rk.get(), topic);
    const auto err = rd_kafka_metadata(rk.get(), rkt ? 0 : 1, rkt.get(), &md, timeoutMs);
    if (err) {
        if (error) *error = std::string("metadata: ") + rd_kafka_err2str(err);
        return v;
    }
    KafkaMetadata owned(md);
    for (int i = 0; i < md->broker_cnt; ++i)
        v.brokers.push_back({md->brokers[i].id,
                             std::string(md->brokers[i].host) + ":" + std::to_string(md->brokers[i].port), "up", -1, {}});
    for (int t = 0; t < md->topic_cnt; ++t) {
        if (topic != md->topics[t].topic) continue;
        for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
            const auto& mp = md->topics[t].partitions[p];
            PartitionInfo pi;
            pi.partition = mp.id;
            pi.leader = mp.leader;
            pi.replicas.assign(mp.replicas, mp.replicas + mp.replica_cnt);
            pi.isr.assign(mp.isrs, mp.isrs + mp.isr_cnt);
            v.partitions.push_back(std::move(pi));
        }
    }
    return v;
}

}  // namespace acklab
