#include "cluster/LocalKafkaCluster.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace acklab {

LocalKafkaCluster::LocalKafkaCluster(LocalKafkaOptions options) : kafka_(std::move(options)) {}

std::string LocalKafkaCluster::describe() const {
    return "local Kafka " + std::string(kLocalKafkaVersion) + ", " + std::to_string(kafka_.options().nodes) + " nodes";
}

const std::vector<std::string>& LocalKafkaCluster::limits() {
    static const std::vector<std::string> l = {
        "Real Apache Kafka: replication, ISR, min.insync.replicas=2, idempotent de-duplication and ACLs are all real.",
        "Stopping two of the three nodes loses the KRaft quorum: the cluster then answers nothing until one returns.",
    };
    return l;
}

std::string LocalKafkaCluster::prepareTopic(const std::string& topic, int partitions) {
    auto checkExisting = [&](const TopicInfo& info) -> std::string {
        if (static_cast<int>(info.partitions.size()) != partitions)
            return "exists with " + std::to_string(info.partitions.size()) + " partitions, not " +
                   std::to_string(partitions) + " (use another --topic or --partitions " +
                   std::to_string(info.partitions.size()) + ")";
        return {};
    };
    try {
        const TopicInfo info = kafka_.describeTopic(topic);
        if (info.error.empty() && !info.partitions.empty()) return checkExisting(info);
        try {
            kafka_.createTopic(topic, partitions, std::min(3, kafka_.options().nodes));
            return {};
        } catch (const std::exception& e) {
            // Created a moment ago by someone else (a scenario's own layout, another run) and not yet in the
            // metadata we read: that is the topic to use.
            if (std::string(e.what()).find("TOPIC_ALREADY_EXISTS") == std::string::npos) throw;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            for (;;) {
                const TopicInfo again = kafka_.describeTopic(topic);
                if (again.error.empty() && !again.partitions.empty()) return checkExisting(again);
                if (std::chrono::steady_clock::now() > deadline) return std::string(e.what());
                std::this_thread::sleep_for(std::chrono::milliseconds(200));  // metadata propagation
            }
        }
    } catch (const std::exception& e) {
        return e.what();
    }
}

FaultResult LocalKafkaCluster::applyFault(const FaultSpec& f, const std::string& topic) {
    if (!f.isProcessKind())
        return {false, "'" + f.kindName() + "' is an embedded-cluster fault; on Local Kafka use kill/stop/cont/restart"};
    int node = 0;
    if (f.broker == "leader") {
        try {
            const TopicInfo info = kafka_.describeTopic(topic);
            if (info.partitions.empty() || info.partitions.front().leader < 0)
                return {false, "partition 0 of '" + topic + "' has no leader to name"};
            node = info.partitions.front().leader;
        } catch (const std::exception& e) {
            return {false, std::string("cannot find the leader: ") + e.what()};
        }
    } else if (f.broker == "coordinator") {
        if (f.transactionalId.empty()) return {false, "broker=coordinator: the run has no transactional.id"};
        // librdkafka 2.0.2 cannot ask for a transaction coordinator (no FindCoordinator in its API); Kafka places it
        // on the leader of __transaction_state partition Utils.abs(hashCode(transactional.id)) % 50 (the default
        // transaction.state.log.num.partitions, which Local Kafka keeps; hashCode over the id's characters, as
        // Java's String for ASCII ids; Utils.abs is Math.abs with MIN_VALUE -> 0). Checked against
        // kafka-transactions.sh describe.
        int32_t hash = 0;
        for (unsigned char ch : f.transactionalId) hash = static_cast<int32_t>(31u * static_cast<uint32_t>(hash) + ch);
        const int32_t partition = (hash == INT32_MIN ? 0 : std::abs(hash)) % 50;
        try {
            const TopicInfo info = kafka_.describeTopic("__transaction_state");
            for (const auto& p : info.partitions)
                if (p.partition == partition) node = p.leader;
        } catch (const std::exception& e) {
            return {false, std::string("cannot find the transaction coordinator: ") + e.what()};
        }
        if (node < 1)
            return {false, "__transaction_state partition " + std::to_string(partition) + " (the coordinator of '" +
                               f.transactionalId + "') has no leader to name"};
    } else {
        node = std::stoi(f.broker);
    }
    try {
        const std::string n = "node " + std::to_string(node);
        switch (f.kind) {
            case FaultSpec::Kind::Kill: kafka_.kill(node); return {true, n + " killed (SIGKILL)", node};
            case FaultSpec::Kind::Stop: kafka_.stop(node); return {true, n + " stopped (SIGSTOP)", node};
            case FaultSpec::Kind::Cont: kafka_.cont(node); return {true, n + " continued (SIGCONT)", node};
            case FaultSpec::Kind::Restart: kafka_.restart(node); return {true, n + " restarted and serving", node};
            default: break;
        }
    } catch (const std::exception& e) {
        return {false, e.what()};
    }
    return {false, "unsupported"};
}

ClusterView LocalKafkaCluster::view(const std::string& topic) const {
    ClusterView v;
    v.kind = kind();
    v.limits = limits();
    const LocalKafkaStatus s = kafka_.status(topic);
    for (const auto& n : s.nodes)
        v.brokers.push_back({n.id, "127.0.0.1:" + std::to_string(n.plaintextPort), toString(n.state), -1, {}});
    if (s.topic) v.partitions = s.topic->partitions;
    return v;
}

}  // namespace acklab
