#include "cluster/EmbeddedCluster.h"

#include "common/RdKafka.h"
#include "metrics/ErrorClassifier.h"

#include <algorithm>
#include <stdexcept>

namespace acklab {
namespace {
constexpr int16_t kProduceApiKey = 0;
// Pushed per call: the mock API takes (error, rtt) pairs as varargs, so large counts go in chunks.
constexpr int kPushChunk = 8;
constexpr int kMaxPushedErrors = 100'000;

}  // namespace

EmbeddedCluster::EmbeddedCluster(int brokers, std::string dlqTopic, int baseRttMs)
    : brokers_(brokers), dlqTopic_(std::move(dlqTopic)), baseRttMs_(baseRttMs) {
    if (brokers < 1 || brokers > 32) throw std::invalid_argument("embedded cluster: brokers must be 1 to 32");
    if (baseRttMs < 0 || baseRttMs > 10'000)
        throw std::invalid_argument("embedded cluster: round trip must be 0 to 10000 ms");
    std::vector<std::string> problems;
    host_ = createClient(RD_KAFKA_PRODUCER, {{"client.id", "acklab-embedded-host"}},
                         [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
    if (!host_) throw std::runtime_error("embedded cluster: cannot create host handle: " + joinProblems(problems));
    mcluster_.reset(rd_kafka_mock_cluster_new(host_.get(), brokers));
    if (!mcluster_) throw std::runtime_error("embedded cluster: rd_kafka_mock_cluster_new failed");
    bootstraps_ = rd_kafka_mock_cluster_bootstraps(mcluster_.get());
    if (baseRttMs_ > 0)
        for (int b = 1; b <= brokers_; ++b) rd_kafka_mock_broker_set_rtt(mcluster_.get(), b, baseRttMs_);
    if (!dlqTopic_.empty()) prepareTopic(dlqTopic_, 1);
}

EmbeddedCluster::~EmbeddedCluster() {
    // Order matters: destroying the host handle first aborts inside librdkafka (the members' order says the same).
    mcluster_.reset();
    host_.reset();
}

std::string EmbeddedCluster::describe() const {
    return "embedded, " + std::to_string(brokers_) + (brokers_ == 1 ? " broker" : " brokers") +
           (baseRttMs_ > 0 ? ", " + std::to_string(baseRttMs_) + " ms round trip" : "");
}

const std::vector<std::string>& EmbeddedCluster::limits() {
    static const std::vector<std::string> l = {
        // Sentences split over lines on purpose, one element each (bugprone-suspicious-missing-comma's heuristic).
        // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
        "No replication: acks=1 and acks=all behave alike (no ISR, no min.insync.replicas). Use Local Kafka to "
        "see acks=1 lose acknowledged messages on a leader crash.",
        "No idempotent de-duplication: retries can write duplicates even with enable.idempotence=true. Use "
        "Local Kafka to see idempotence prevent them.",
        "No ACLs, no broker-side max.message.bytes, no auto.create.topics=false, no SASL/TLS.",
        "A broker that is down stays leader (no election): move leaders with the 'leader' fault.",
        "Retention: 5 MiB or 100,000 message sets per partition; older records are dropped silently, so audit "
        "runs within that size.",
    };
    return l;
}

std::string EmbeddedCluster::prepareTopic(const std::string& topic, int partitions) {
    if (partitions < 1 || partitions > 1000) return "partitions must be 1 to 1000";
    std::lock_guard lock(mutex_);
    if (leaders_.count(topic)) {
        if (static_cast<int>(leaders_[topic].size()) != partitions)
            return "topic '" + topic + "' already exists with " + std::to_string(leaders_[topic].size()) +
                   " partitions";
        return {};
    }
    const int rf = std::min(3, brokers_);
    if (auto err = rd_kafka_mock_topic_create(mcluster_.get(), topic.c_str(), partitions, rf); err)
        return std::string("cannot create topic: ") + rd_kafka_err2str(err);
    // Deterministic layout: data partitions cycle over brokers 1..N-1 and the DLQ topic leads on broker N,
    // so errors injected on the data brokers are not consumed by the DLQ writer (see header).
    const bool isDlq = topic == dlqTopic_;
    const int dataBrokers = brokers_ >= 2 ? brokers_ - 1 : 1;
    std::vector<int32_t> leaders;
    for (int p = 0; p < partitions; ++p) {
        const int32_t leader = isDlq ? brokers_ : 1 + (p % dataBrokers);
        rd_kafka_mock_partition_set_leader(mcluster_.get(), topic.c_str(), p, leader);
        leaders.push_back(leader);
    }
    leaders_[topic] = std::move(leaders);
    return {};
}

int32_t EmbeddedCluster::leaderOf(const std::string& topic, int32_t partition) const {
    std::lock_guard lock(mutex_);
    auto it = leaders_.find(topic);
    if (it == leaders_.end() || partition < 0 || partition >= static_cast<int32_t>(it->second.size())) return -1;
    return it->second[static_cast<size_t>(partition)];
}

int32_t EmbeddedCluster::resolveBroker(const std::string& broker, const std::string& topic) const {
    if (broker == "leader") return leaderOf(topic, 0);
    const int id = std::stoi(broker);
    return id >= 1 && id <= brokers_ ? id : -1;
}

FaultResult EmbeddedCluster::applyFault(const FaultSpec& f, const std::string& topic) {
    if (!f.isEmbeddedKind())
        return {false, "'" + f.kindName() + "' is a process fault of Local Kafka; the embedded cluster has no "
                                            "processes (use down/up instead)"};
    std::vector<int32_t> targets;
    if (!f.broker.empty()) {
        const int32_t b = resolveBroker(f.broker, topic);
        if (b < 0)
            return {false, "broker " + f.broker + " does not exist (brokers 1.." + std::to_string(brokers_) + ")"};
        targets.push_back(b);
    } else if (f.kind == FaultSpec::Kind::Error) {
        std::lock_guard lock(mutex_);
        auto it = leaders_.find(topic);
        if (it != leaders_.end()) {
            targets = it->second;
            std::sort(targets.begin(), targets.end());
            targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
        } else {
            targets.push_back(1);
        }
    }
    auto list = [&] {
        std::string s;
        for (auto b : targets) s += (s.empty() ? "" : ",") + std::to_string(b);
        return s;
    };

    switch (f.kind) {
        case FaultSpec::Kind::Down: {
            rd_kafka_mock_broker_set_down(mcluster_.get(), targets[0]);
            std::lock_guard lock(mutex_);
            down_.insert(targets[0]);
            return {true, "broker " + list() + " is down (connections closed, reconnects refused)", targets[0]};
        }
        case FaultSpec::Kind::Up: {
            rd_kafka_mock_broker_set_up(mcluster_.get(), targets[0]);
            std::lock_guard lock(mutex_);
            down_.erase(targets[0]);
            return {true, "broker " + list() + " is up", targets[0]};
        }
        case FaultSpec::Kind::Rtt: {
            rd_kafka_mock_broker_set_rtt(mcluster_.get(), targets[0], baseRttMs_ + f.rttMs);
            std::lock_guard lock(mutex_);
            rtt_[targets[0]] = f.rttMs;
            return {true, "broker " + list() + " round-trip time +" + std::to_string(f.rttMs) + " ms" +
                              (baseRttMs_ > 0 ? " (on top of the network's " + std::to_string(baseRttMs_) + " ms)" : ""),
                    targets[0]};
        }
        case FaultSpec::Kind::Error: {
            const int count = std::min(f.count, kMaxPushedErrors);
            const auto code = static_cast<rd_kafka_resp_err_t>(f.errorCode);
            for (int32_t b : targets) {
                for (int left = count; left > 0; left -= kPushChunk) {
                    const int n = std::min(left, kPushChunk);
                    // (error, rtt) pairs; unused trailing pairs are ignored by the cnt argument.
                    rd_kafka_mock_broker_push_request_error_rtts(mcluster_.get(), b, kProduceApiKey, static_cast<size_t>(n),
                                                                 code, 0, code, 0, code, 0, code, 0, code, 0, code, 0,
                                                                 code, 0, code, 0);
                }
            }
            return {true, "next " + std::to_string(count) + " Produce request(s) on broker " + list() + " fail with " +
                              ErrorClassifier::name(code) +
                              (count < f.count ? " (capped at " + std::to_string(kMaxPushedErrors) + ")" : "")};
        }
        case FaultSpec::Kind::Leader: {
            {
                std::lock_guard lock(mutex_);
                auto it = leaders_.find(topic);
                if (it == leaders_.end() || f.partition >= static_cast<int32_t>(it->second.size()))
                    return {false, "partition " + std::to_string(f.partition) + " of '" + topic + "' does not exist"};
            }
            if (auto err = rd_kafka_mock_partition_set_leader(mcluster_.get(), topic.c_str(), f.partition, targets[0]); err)
                return {false, std::string("leader move refused: ") + rd_kafka_err2str(err)};
            std::lock_guard lock(mutex_);
            leaders_[topic][static_cast<size_t>(f.partition)] = targets[0];
            return {true, "partition " + std::to_string(f.partition) + " now led by broker " + list(), targets[0]};
        }
        default: break;
    }
    return {false, "unsupported"};
}

ClusterView EmbeddedCluster::view(const std::string& topic) const {
    ClusterView v;
    v.kind = kind();
    v.limits = limits();
    std::lock_guard lock(mutex_);
    for (int b = 1; b <= brokers_; ++b) {
        BrokerInfo info{b, "embedded broker " + std::to_string(b), down_.count(b) ? "down" : "up", -1, {}};
        const int added = rtt_.count(b) ? rtt_.at(b) : 0;
        info.rttMs = baseRttMs_ + added;
        if (added > 0) info.state += ", rtt +" + std::to_string(added) + " ms";
        if (b == brokers_ && brokers_ >= 2 && !dlqTopic_.empty()) info.role = "leads the DLQ topic";
        v.brokers.push_back(std::move(info));
    }
    if (auto it = leaders_.find(topic); it != leaders_.end()) {
        for (size_t p = 0; p < it->second.size(); ++p) {
            PartitionInfo pi;
            pi.partition = static_cast<int32_t>(p);
            pi.leader = it->second[p];
            // The mock has replica lists but no replication; ISR is shown as the leader alone, which is the truth.
            pi.replicas = {pi.leader};
            pi.isr = {pi.leader};
            v.partitions.push_back(pi);
        }
    }
    return v;
}

}  // namespace acklab
