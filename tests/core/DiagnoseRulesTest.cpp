// The diagnosis rules on described cluster states (no cluster): each state a user can meet gives the finding
// and the predicted error the lesson names.
#include <gtest/gtest.h>

#include "diagnose/DiagnoseRules.h"
#include "diagnose/Diagnoser.h"
#include "profile/Presets.h"

namespace acklab {
namespace {

using S = Finding::Severity;

PartitionInfo partition(int32_t id, int32_t leader, std::vector<int32_t> replicas, std::vector<int32_t> isr) {
    PartitionInfo p;
    p.partition = id;
    p.leader = leader;
    p.replicas = std::move(replicas);
    p.isr = std::move(isr);
    return p;
}

// A reachable 3-broker cluster with topic "orders" (RF 3, min.insync.replicas 2, full ISR), auto-create off.
ClusterFacts healthy() {
    ClusterFacts f;
    f.bootstrap = "127.0.0.1:9092";
    f.reachable = true;
    for (int32_t i = 1; i <= 3; ++i) f.brokers.push_back({i, "127.0.0.1:909" + std::to_string(i), 3, 12, 80});
    f.brokerConfigs = {{"auto.create.topics.enable", "false"}, {"min.insync.replicas", "1"}, {"message.max.bytes", "1048588"}};
    f.topic.name = "orders";
    f.topic.partitions = {partition(0, 1, {1, 2, 3}, {1, 2, 3}), partition(1, 2, {2, 3, 1}, {2, 3, 1})};
    f.topic.configs = {{"min.insync.replicas", "2"}, {"max.message.bytes", "1048588"}};
    f.topic.describe = {AccessFact::State::Allowed, "metadata"};
    f.topic.write = {AccessFact::State::Allowed, "probe answered MSG_SIZE_TOO_LARGE"};
    return f;
}

DiagnoseInput input(const std::string& preset = "production", std::vector<std::pair<std::string, std::string>> x = {}) {
    DiagnoseInput in;
    in.profile = *findPreset(preset);
    for (const auto& [k, v] : x) in.profile.set(k, v);
    in.topic = "orders";
    return in;
}

const Finding* find(const std::vector<Finding>& fs, const std::string& check, S severity) {
    for (const auto& f : fs)
        if (f.check == check && f.severity == severity) return &f;
    return nullptr;
}

std::string dump(const std::vector<Finding>& fs) {
    std::string s;
    for (const auto& f : fs) s += std::string(toString(f.severity)) + " " + f.check + ": " + f.what + " [" + f.predicts + "]\n";
    return s;
}

TEST(DiagnoseRules, HealthyClusterAndProductionProfilePredictNoFailure) {
    ClusterFacts f = healthy();
    f.idempotentWrite = {AccessFact::State::Allowed, "producer id 7"};
    const auto fs = diagnoseFindings(f, input());
    EXPECT_NE(worst(fs), S::Fail) << dump(fs);
    const Finding* isr = find(fs, "isr", S::Ok);
    ASSERT_NE(isr, nullptr) << dump(fs);
    EXPECT_NE(isr->what.find("acks=all tolerates 1 broker(s) down"), std::string::npos) << isr->what;
    ASSERT_NE(find(fs, "timeouts", S::Ok), nullptr) << dump(fs);
    EXPECT_NE(find(fs, "brokers", S::Ok)->what.find("1@127.0.0.1:9091 (80 APIs, Produce v3..v12)"), std::string::npos)
        << dump(fs);
}

TEST(DiagnoseRules, IsrBelowMinInsyncPredictsNotEnoughReplicasForAcksAllOnly) {
    ClusterFacts f = healthy();
    f.topic.partitions[1].isr = {2};
    auto fs = diagnoseFindings(f, input("critical"));
    const Finding* fail = find(fs, "isr", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "NOT_ENOUGH_REPLICAS");
    EXPECT_NE(fail->what.find("[1]"), std::string::npos) << fail->what;
    // acks=1 writes still succeed: a warning, no predicted error.
    fs = diagnoseFindings(f, input("analytics"));
    EXPECT_EQ(find(fs, "isr", S::Fail), nullptr) << dump(fs);
    const Finding* warn = find(fs, "isr", S::Warn);
    ASSERT_NE(warn, nullptr) << dump(fs);
    EXPECT_TRUE(warn->predicts.empty());
}

// Kafka 4.x caps min.insync.replicas at the replication factor: a warning while every replica is in sync, a
// failure once one leaves the ISR.
TEST(DiagnoseRules, ReplicationFactorBelowMinInsyncNeedsEveryReplica) {
    ClusterFacts f = healthy();
    f.topic.partitions = {partition(0, 1, {1, 2}, {1, 2})};
    f.topic.configs["min.insync.replicas"] = "3";
    auto fs = diagnoseFindings(f, input("critical"));
    EXPECT_NE(worst(fs), S::Fail) << dump(fs);
    const Finding* warn = find(fs, "replication", S::Warn);
    ASSERT_NE(warn, nullptr) << dump(fs);
    EXPECT_EQ(warn->predicts, "NOT_ENOUGH_REPLICAS");
    EXPECT_NE(warn->what.find("replication factor 2 is below min.insync.replicas 3"), std::string::npos) << warn->what;
    f.topic.partitions[0].isr = {1};
    fs = diagnoseFindings(f, input("critical"));
    const Finding* fail = find(fs, "isr", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "NOT_ENOUGH_REPLICAS");
}

TEST(DiagnoseRules, MinInsyncFallsBackToTheBrokerDefaultWhenTopicConfigsAreUnreadable) {
    ClusterFacts f = healthy();
    f.topic.configs.clear();
    f.topic.configsError = "TOPIC_AUTHORIZATION_FAILED";
    f.brokerConfigs["min.insync.replicas"] = "3";
    const auto fs = diagnoseFindings(f, input("critical"));
    const Finding* layout = find(fs, "partitions", S::Ok);
    ASSERT_NE(layout, nullptr) << dump(fs);
    EXPECT_NE(layout->what.find("min.insync.replicas 3 (broker default"), std::string::npos) << layout->what;
    // ISR 3 of 3 meets it, but no broker may go: the next one down refuses every write.
    const Finding* next = find(fs, "replication", S::Warn);
    ASSERT_NE(next, nullptr) << dump(fs);
    EXPECT_EQ(next->predicts, "NOT_ENOUGH_REPLICAS");
}

TEST(DiagnoseRules, OfflinePartitionPredictsTimeouts) {
    ClusterFacts f = healthy();
    f.topic.partitions[0].leader = -1;
    f.topic.partitions[0].isr = {};
    const auto fs = diagnoseFindings(f, input("analytics"));
    const Finding* fail = find(fs, "partitions", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "_MSG_TIMED_OUT");
}

TEST(DiagnoseRules, RecordOverTheTopicLimitPredictsMsgSizeTooLarge) {
    ClusterFacts f = healthy();
    f.topic.configs["max.message.bytes"] = "1024";
    auto in = input("critical");
    in.valueSize = 2048;
    auto fs = diagnoseFindings(f, in);
    const Finding* fail = find(fs, "size", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "MSG_SIZE_TOO_LARGE");
    EXPECT_NE(fail->what.find("max.message.bytes 1,024"), std::string::npos) << fail->what;
    // Compressed, it may fit: a warning that names the condition.
    in.profile.set("compression.type", "lz4");
    fs = diagnoseFindings(f, in);
    EXPECT_EQ(find(fs, "size", S::Fail), nullptr) << dump(fs);
    ASSERT_NE(find(fs, "size", S::Warn), nullptr) << dump(fs);
    // A small record fits, but librdkafka's batches can still outgrow a 1 KB limit.
    in = input("critical");
    in.valueSize = 100;
    fs = diagnoseFindings(f, in);
    const Finding* batch = find(fs, "size", S::Warn);
    ASSERT_NE(batch, nullptr) << dump(fs);
    EXPECT_NE(batch->what.find("min(batch.size, message.max.bytes)"), std::string::npos) << batch->what;
}

TEST(DiagnoseRules, RecordOverTheProducersOwnLimitFailsBeforeAnyBroker) {
    auto in = input("critical", {{"message.max.bytes", "5000"}});
    in.valueSize = 6000;
    const auto fs = diagnoseFindings(healthy(), in);
    const Finding* fail = find(fs, "size", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_NE(fail->what.find("producer's message.max.bytes 5,000"), std::string::npos) << fail->what;
}

TEST(DiagnoseRules, MissingTopicWithAutoCreateOffPredictsUnknownTopic) {
    ClusterFacts f = healthy();
    f.topic.partitions.clear();
    f.topic.configs.clear();
    f.topic.metadataError = "UNKNOWN_TOPIC_OR_PART";
    auto fs = diagnoseFindings(f, input("critical"));
    const Finding* fail = find(fs, "topic", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "UNKNOWN_TOPIC_OR_PARTITION");
    EXPECT_NE(fail->what.find("auto.create.topics.enable=false"), std::string::npos) << fail->what;
    f.brokerConfigs["auto.create.topics.enable"] = "true";
    fs = diagnoseFindings(f, input("critical"));
    EXPECT_EQ(find(fs, "topic", S::Fail), nullptr) << dump(fs);
    EXPECT_NE(find(fs, "topic", S::Warn), nullptr) << dump(fs);
}

TEST(DiagnoseRules, AccessDeniedPredictsAuthorizationFailures) {
    ClusterFacts f = healthy();
    f.principal = "User:bob";
    f.topic.write = {AccessFact::State::Denied, "probe answered TOPIC_AUTHORIZATION_FAILED"};
    f.dlq.name = "orders-dlq";
    f.dlq.partitions = {partition(0, 1, {1, 2, 3}, {1, 2, 3})};
    f.dlq.describe = {AccessFact::State::Allowed, ""};
    f.dlq.write = {AccessFact::State::Denied, "probe answered TOPIC_AUTHORIZATION_FAILED"};
    f.idempotentWrite = {AccessFact::State::Denied, "CLUSTER_AUTHORIZATION_FAILED"};
    const auto fs = diagnoseFindings(f, input("production"));
    const Finding* write = find(fs, "access.write", S::Fail);
    ASSERT_NE(write, nullptr) << dump(fs);
    EXPECT_EQ(write->predicts, "TOPIC_AUTHORIZATION_FAILED");
    EXPECT_NE(write->remedy.find("--allow-principal User:bob --operation Write --topic orders"), std::string::npos);
    const Finding* dlq = find(fs, "dlq.write", S::Warn);
    ASSERT_NE(dlq, nullptr) << dump(fs);
    EXPECT_NE(dlq->what.find("fall back to a local file"), std::string::npos);
    const Finding* idem = find(fs, "access.idempotent", S::Fail);
    ASSERT_NE(idem, nullptr) << dump(fs);
    EXPECT_EQ(idem->predicts, "CLUSTER_AUTHORIZATION_FAILED");

    // No Describe at all: the topic itself is refused.
    f.topic.partitions.clear();
    f.topic.metadataError = "TOPIC_AUTHORIZATION_FAILED";
    f.topic.describe = {AccessFact::State::Denied, ""};
    const auto fs2 = diagnoseFindings(f, input("critical"));
    const Finding* topic = find(fs2, "topic", S::Fail);
    ASSERT_NE(topic, nullptr) << dump(fs2);
    EXPECT_EQ(topic->predicts, "TOPIC_AUTHORIZATION_FAILED");
}

// transactional.id: settled by the brokers' configs (no authorizer), by the opt-in InitProducerId probe, or said
// to be unknown with the way to find out; never guessed from the ACL listing.
TEST(DiagnoseRules, TransactionalIdAccessComesFromTheBrokersConfigsOrTheOptInProbe) {
    ClusterFacts f = healthy();
    f.principal = "User:bob";
    f.configBroker = 1;
    const auto txn = input("transactional", {{"transactional.id", "orders-writer"}});

    f.brokerConfigs["authorizer.class.name"] = "";
    auto fs = diagnoseFindings(f, txn);
    const Finding* open = find(fs, "access.transactional", S::Ok);
    ASSERT_NE(open, nullptr) << dump(fs);
    EXPECT_NE(open->what.find("broker 1 runs no authorizer"), std::string::npos) << open->what;

    f.brokerConfigs["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    fs = diagnoseFindings(f, txn);
    const Finding* unknown = find(fs, "access.transactional", S::Warn);
    ASSERT_NE(unknown, nullptr) << dump(fs);
    EXPECT_TRUE(unknown->predicts.empty());
    EXPECT_NE(unknown->what.find("broker 1 checks ACLs (org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
              std::string::npos)
        << unknown->what;
    EXPECT_NE(unknown->remedy.find("--probe-transactional-id"), std::string::npos) << unknown->remedy;
    EXPECT_NE(worst(fs), S::Fail) << dump(fs);

    f.transactionalId = {AccessFact::State::Denied,
                         "InitProducerId with transactional.id orders-writer was answered "
                         "TRANSACTIONAL_ID_AUTHORIZATION_FAILED"};
    fs = diagnoseFindings(f, txn);
    const Finding* denied = find(fs, "access.transactional", S::Fail);
    ASSERT_NE(denied, nullptr) << dump(fs);
    EXPECT_EQ(denied->predicts, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED");
    EXPECT_NE(denied->remedy.find("--allow-principal User:bob --operation Write --transactional-id orders-writer"),
              std::string::npos)
        << denied->remedy;

    // A profile without transactional.id gets no such finding.
    fs = diagnoseFindings(f, input("production"));
    for (const auto& finding : fs) EXPECT_NE(finding.check, "access.transactional") << dump(fs);
}

TEST(DiagnoseRules, UnknownWriteAccessIsAWarningNotAGuess) {
    ClusterFacts f = healthy();
    f.topic.write = {AccessFact::State::Unknown, "max.message.bytes could not be read"};
    const auto fs = diagnoseFindings(f, input("critical"));
    const Finding* w = find(fs, "access.write", S::Warn);
    ASSERT_NE(w, nullptr) << dump(fs);
    EXPECT_TRUE(w->predicts.empty());
}

TEST(DiagnoseRules, TimeoutArithmeticChecksDeliveryAgainstLingerPlusRequest) {
    auto fs = diagnoseFindings(healthy(), input("critical", {{"delivery.timeout.ms", "20000"}, {"linger.ms", "100"}}));
    const Finding* fail = find(fs, "timeouts", S::Fail);
    ASSERT_NE(fail, nullptr) << dump(fs);
    EXPECT_EQ(fail->predicts, "_MSG_TIMED_OUT");
    EXPECT_NE(fail->what.find("delivery.timeout.ms 20,000 vs linger.ms 100 + request.timeout.ms 30,000 = 30,100"),
              std::string::npos)
        << fail->what;
    fs = diagnoseFindings(healthy(), input("critical", {{"delivery.timeout.ms", "30100"}, {"linger.ms", "100"}}));
    EXPECT_NE(find(fs, "timeouts", S::Ok), nullptr) << dump(fs);
}

TEST(DiagnoseRules, UnreachableAndRefusedCredentialsAreFailures) {
    ClusterFacts f;
    f.bootstrap = "127.0.0.1:1";
    f.unreachableReason = "_TRANSPORT";
    auto fs = diagnoseFindings(f, input("critical"));
    ASSERT_NE(find(fs, "brokers", S::Fail), nullptr) << dump(fs);
    f.authenticationError = "SASL authentication error: Authentication failed";
    fs = diagnoseFindings(f, input("critical"));
    const Finding* auth = find(fs, "brokers", S::Fail);
    ASSERT_NE(auth, nullptr);
    EXPECT_EQ(auth->predicts, "SASL_AUTHENTICATION_FAILED");
}

TEST(DiagnoseRules, FullIsrWithMinInsyncEqualToReplicationFactorWarnsOfTheNextBroker) {
    ClusterFacts f = healthy();
    f.topic.configs["min.insync.replicas"] = "3";
    const auto fs = diagnoseFindings(f, input("critical"));
    EXPECT_NE(worst(fs), S::Fail) << dump(fs);
    const Finding* w = find(fs, "replication", S::Warn);
    ASSERT_NE(w, nullptr) << dump(fs);
    EXPECT_EQ(w->predicts, "NOT_ENOUGH_REPLICAS");
}

// A connection property given twice (--security twice; the Cluster tab's, then the Diagnose page's own) takes its
// last value (createClient sets only that one): an earlier value librdkafka refuses no longer stops the probe.
TEST(Diagnose, ALaterConnectionPropertyOverridesAnEarlierOneBeforeLibrdkafkaSeesIt) {
    DiagnoseOptions o;
    o.bootstrap = "127.0.0.1:1";  // nobody there
    o.timeoutMs = 1000;
    o.input.profile = resolveProfile("critical");
    o.connection = {{"security.protocol", "CARRIER_PIGEON"}, {"security.protocol", "PLAINTEXT"}};
    auto text = [](const Diagnosis& d) {
        std::string all;
        for (const auto& f : d.findings) all += f.what + "\n";
        return all;
    };
    const Diagnosis overridden = diagnose(o);
    EXPECT_EQ(overridden.exitStatus(), 3);
    EXPECT_EQ(text(overridden).find("CARRIER_PIGEON"), std::string::npos) << text(overridden);

    o.connection = {{"security.protocol", "PLAINTEXT"}, {"security.protocol", "CARRIER_PIGEON"}};  // the last is bad: named
    const Diagnosis refused = diagnose(o);
    EXPECT_NE(text(refused).find("CARRIER_PIGEON"), std::string::npos) << text(refused);
}

}  // namespace
}  // namespace acklab
