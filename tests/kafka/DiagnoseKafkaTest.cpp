// acklab diagnose on real Kafka: each finding is reproduced on Local Kafka, then the profile is run to show the
// predicted error really happens (docs/diagnose.md).
//   finding                                    predicted                    the run then sees
//   RF 3, min.insync 3, a follower SIGSTOPped  NOT_ENOUGH_REPLICAS          NOT_ENOUGH_REPLICAS; acks=1 succeeds
//   RF 2 < min.insync.replicas 3               a warning (Kafka 4.x caps     delivered while both replicas are in
//                                              min.insync at RF)            sync
//   2 KB record, max.message.bytes 1024        MSG_SIZE_TOO_LARGE           MSG_SIZE_TOO_LARGE
//   topic missing, auto-create off             UNKNOWN_TOPIC_OR_PARTITION   UNKNOWN_TOPIC_OR_PARTITION
//   bob without Write / without Describe       TOPIC_AUTHORIZATION_FAILED   TOPIC_AUTHORIZATION_FAILED
//   alice, idempotent, no ACL at all           CLUSTER_AUTHORIZATION_FAILED a fatal CLUSTER_AUTHORIZATION_FAILED
//   bob, transactional.id without an ACL       TRANSACTIONAL_ID_AUTHORIZATION_FAILED (opt-in probe)
//                                                                           init_transactions refused with it
//   delivery.timeout.ms < linger + request     _MSG_TIMED_OUT               _MSG_TIMED_OUT with the leader stopped
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "KafkaTestSupport.h"
#include "diagnose/Diagnoser.h"

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;
using S = Finding::Severity;

std::vector<std::pair<std::string, std::string>> pairs(const std::map<std::string, std::string>& m) {
  return {m.begin(), m.end()};
}

Diagnosis diagnoseLocal(const std::string& topic, ProducerProfile profile, int64_t size = 100,
                        const std::string& saslUser = {}, const std::string& dlqTopic = {}) {
  DiagnoseOptions o;
  o.bootstrap = saslUser.empty() ? cluster().bootstrap : cluster().saslBootstrap;
  if (!saslUser.empty()) o.connection = pairs(LocalKafka::saslClientConfig(saslUser));
  o.input.profile = std::move(profile);
  o.input.topic = topic;
  o.input.dlqTopic = dlqTopic;
  o.input.valueSize = size;
  return diagnose(o);
}

const Finding* finding(const Diagnosis& d, const std::string& check, S severity) {
  for (const auto& f : d.findings)
    if (f.check == check && f.severity == severity) return &f;
  return nullptr;
}

// The high watermark of every partition: what a probe must leave unchanged.
std::vector<int64_t> endOffsets(const std::string& topic, int partitions) {
  std::vector<std::string> problems;
  KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", cluster().bootstrap}},
                                [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
  std::vector<int64_t> out;
  for (int p = 0; p < partitions && rk; ++p) {
    int64_t low = -1, high = -1;
    const auto err = rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), p, &low, &high, 10000);
    out.push_back(err ? -1 : high);
  }
  return out;
}

// Runs `messages` records of the profile into the topic, as `user` over SASL (or without SASL when user is empty),
// with no DLQ topic.
RunResult runAs(const std::string& user, const ProducerProfile& profile, const std::string& topic, int messages,
                int rate, const std::string& dlqName) {
  RunOptions o;
  o.profile = profile;
  o.bootstrap = user.empty() ? cluster().bootstrap : cluster().saslBootstrap;
  if (!user.empty()) o.clusterProperties = pairs(LocalKafka::saslClientConfig(user));
  o.traffic = traffic(topic, messages, rate);
  o.dlqTopic = "";
  o.dlqFile = testDlqFile(dlqName);
  return runDirect(o);
}

TEST(DiagnoseKafka, HealthyTopicPredictsNoFailureTheProbesWriteNothingAndTheRunDelivers) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("diag-ok");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3,2:3:1", {{"min.insync.replicas", "2"}})));
  const auto before = endOffsets(topic, 2);
  const Diagnosis d = diagnoseLocal(topic, preset("production", {}), 100, {}, topic);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 0) << diagnosisText(d);
  ASSERT_NE(finding(d, "isr", S::Ok), nullptr);
  EXPECT_NE(finding(d, "isr", S::Ok)->what.find("acks=all tolerates 1 broker(s) down"), std::string::npos);
  const Finding* write = finding(d, "access.write", S::Ok);
  ASSERT_NE(write, nullptr) << diagnosisText(d);
  EXPECT_NE(write->what.find("MSG_SIZE_TOO_LARGE"), std::string::npos) << write->what;
  EXPECT_NE(finding(d, "access.idempotent", S::Ok), nullptr) << diagnosisText(d);
  EXPECT_EQ(d.facts.brokers.size(), 3u);
  for (const auto& b : d.facts.brokers) EXPECT_GE(b.produceMax, 7) << "ApiVersions of broker " << b.id;
  // Two write probes (topic and, here the same, DLQ topic): nothing appended.
  EXPECT_EQ(endOffsets(topic, 2), before);

  auto t = traffic(topic, 20, 100);
  t.partitions = 2;
  const auto out = runOnLocal(local, preset("production", {}), t, {}, false, "", testDlqFile("diag-ok"));
  EXPECT_EQ(out.result.counters.delivered, 20u) << summary(out.result);
}

// Replication factor 2 for a topic that asks for 3 in-sync replicas: Kafka 4.1 caps min.insync.replicas at the
// replication factor, so writes succeed while both replicas are in sync. Diagnose warns (no predicted failure now).
TEST(DiagnoseKafka, ReplicationFactorBelowMinInsyncIsCappedAndWarned) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("diag-rf");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2", {{"min.insync.replicas", "3"}})));
  const auto critical = preset("critical", {{"delivery.timeout.ms", "5000"}, {"linger.ms", "0"}, {"request.timeout.ms", "4000"}});
  const Diagnosis d = diagnoseLocal(topic, critical);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 0) << diagnosisText(d);
  const Finding* f = finding(d, "replication", S::Warn);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "NOT_ENOUGH_REPLICAS");
  EXPECT_NE(f->what.find("replication factor 2 is below min.insync.replicas 3"), std::string::npos) << f->what;

  const auto out = runOnLocal(local, critical, traffic(topic, 5, 50), {}, false, "", testDlqFile("diag-rf"));
  std::cout << summary(out.result) << "\n";
  EXPECT_EQ(out.result.counters.delivered, 5u) << summary(out.result);
}

// A follower SIGSTOPped out of the ISR of a min.insync.replicas=3, RF 3 topic: diagnose names the partition; acks=all
// fails with NOT_ENOUGH_REPLICAS while acks=1 (diagnosed as a warning only) still delivers.
TEST(DiagnoseKafka, StoppedFollowerLeavesThePartitionUnderMinIsr) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("diag-isr");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3", {{"min.insync.replicas", "3"}})));
  RestoreOnExit restore(c.kafka, {topic});
  TopicInfo t = describeQuietly(c.kafka, topic);
  ASSERT_EQ(t.partitions.size(), 1u) << describe(t);
  const int32_t leader = t.partitions[0].leader;
  const int victim = leader == 3 ? 2 : 3;
  c.kafka.stop(victim);
  ASSERT_TRUE(waitFor([&] {
    t = describeQuietly(c.kafka, topic);
    return t.partitions.size() == 1 && t.partitions[0].isr.size() == 2 && !contains(t.partitions[0].isr, victim);
  }, 60s)) << describe(t);

  const auto critical = preset("critical", {{"delivery.timeout.ms", "5000"}, {"linger.ms", "0"}, {"request.timeout.ms", "4000"}});
  const Diagnosis d = diagnoseLocal(topic, critical);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 1);
  const Finding* f = finding(d, "isr", S::Fail);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "NOT_ENOUGH_REPLICAS");
  EXPECT_NE(f->what.find("partition(s) [0]"), std::string::npos) << f->what;

  const auto analytics = preset("analytics", {{"delivery.timeout.ms", "5000"}, {"linger.ms", "0"}, {"request.timeout.ms", "4000"}});
  const Diagnosis d1 = diagnoseLocal(topic, analytics);
  EXPECT_EQ(finding(d1, "isr", S::Fail), nullptr) << diagnosisText(d1);
  EXPECT_NE(finding(d1, "isr", S::Warn), nullptr) << diagnosisText(d1);

  const auto all = runOnLocal(local, critical, traffic(topic, 5, 50), {}, false, "", testDlqFile("diag-isr"));
  std::cout << "acks=all: " << summary(all.result) << "\n";
  EXPECT_EQ(all.result.counters.failed, 5u) << summary(all.result);
  EXPECT_TRUE(findError(all.result, "NOT_ENOUGH_REPLICAS") != nullptr ||
              all.result.retriedRequests.count("NOT_ENOUGH_REPLICAS"))
      << summary(all.result);
  const auto one = runOnLocal(local, analytics, traffic(topic, 5, 50), {}, false, "", testDlqFile("diag-isr"));
  EXPECT_EQ(one.result.counters.delivered, 5u) << summary(one.result);
}

TEST(DiagnoseKafka, RecordOverMaxMessageBytesPredictsMsgSizeTooLarge) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("diag-size");
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 1, 3, {{"max.message.bytes", "1024"}}));
  const auto profile = preset("critical", {{"compression.type", "none"}, {"delivery.timeout.ms", "10000"}});
  const Diagnosis d = diagnoseLocal(topic, profile, 2048);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 1);
  const Finding* f = finding(d, "size", S::Fail);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "MSG_SIZE_TOO_LARGE");
  EXPECT_NE(f->what.find("topic max.message.bytes 1,024"), std::string::npos) << f->what;

  const auto out = runOnLocal(local, profile, traffic(topic, 3, 30, 2048), {}, false, "", testDlqFile("diag-size"));
  std::cout << summary(out.result) << "\n";
  const ErrorCount* e = findError(out.result, "MSG_SIZE_TOO_LARGE");
  ASSERT_NE(e, nullptr) << summary(out.result);
  EXPECT_EQ(e->count, 3u);
}

TEST(DiagnoseKafka, MissingTopicWithAutoCreateOffPredictsUnknownTopic) {
  REQUIRE_CLUSTER();
  const std::string missing = uniqueTopic("diag-missing");
  const auto profile = preset("critical", {{"delivery.timeout.ms", "10000"}, {"topic.metadata.propagation.max.ms", "1000"}});
  const Diagnosis d = diagnoseLocal(missing, profile);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 1);
  const Finding* f = finding(d, "topic", S::Fail);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "UNKNOWN_TOPIC_OR_PARTITION");
  EXPECT_NE(f->what.find("auto.create.topics.enable=false"), std::string::npos) << f->what;
  EXPECT_TRUE(describeQuietly(c.kafka, missing).partitions.empty()) << "diagnose created the topic";

  const RunResult r = runAs("", profile, missing, 3, 30, "diag-missing");
  std::cout << summary(r) << "\n";
  const ErrorCount* e = findError(r, "UNKNOWN_TOPIC_OR_PARTITION");
  ASSERT_NE(e, nullptr) << summary(r);
  EXPECT_EQ(e->count, 3u);
}

// bob may Describe (and DescribeConfigs) topic A but not Write it; topic B he may not even Describe; topic C he may
// Write. The probes find each, as bob; the run shows the failures.
TEST(DiagnoseKafka, WhatThePrincipalMayDoIsAskedOfTheCluster) {
  REQUIRE_CLUSTER();
  const std::string base = uniqueTopic("diag-bob");
  const std::string readOnly = base + "-ro", hidden = base + "-hidden", writable = base + "-rw";
  for (const auto& name : {readOnly, hidden, writable}) ASSERT_NO_THROW(c.kafka.createTopic(name, 1, 3));
  for (const auto& op : {"Describe", "DescribeConfigs"}) {
    ASSERT_NO_THROW(c.kafka.addAcl("User:bob", readOnly, op));
    ASSERT_NO_THROW(c.kafka.addAcl("User:bob", writable, op));
  }
  ASSERT_NO_THROW(c.kafka.addAcl("User:bob", writable, "Write"));
  const auto profile = preset("critical", {{"delivery.timeout.ms", "10000"}, {"request.timeout.ms", "5000"}});
  // ACLs reach every broker through the metadata log: wait until the probe says bob may write.
  Diagnosis ok;
  ASSERT_TRUE(waitFor([&] {
    ok = diagnoseLocal(writable, profile, 100, "bob", readOnly);
    return finding(ok, "access.write", S::Ok) != nullptr && finding(ok, "dlq.write", S::Warn) != nullptr;
  }, 30s)) << diagnosisText(ok);
  std::cout << diagnosisText(ok);
  EXPECT_EQ(ok.facts.principal, "User:bob");
  EXPECT_EQ(ok.exitStatus(), 0) << diagnosisText(ok);
  const Finding* dlq = finding(ok, "dlq.write", S::Warn);
  EXPECT_EQ(dlq->predicts, "TOPIC_AUTHORIZATION_FAILED");
  EXPECT_NE(dlq->what.find("may Describe but not Write DLQ topic " + readOnly), std::string::npos) << dlq->what;
  EXPECT_EQ(endOffsets(writable, 1), std::vector<int64_t>{0}) << "the probes wrote nothing";

  const Diagnosis d = diagnoseLocal(readOnly, profile, 100, "bob");
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 1);
  const Finding* w = finding(d, "access.write", S::Fail);
  ASSERT_NE(w, nullptr) << diagnosisText(d);
  EXPECT_EQ(w->predicts, "TOPIC_AUTHORIZATION_FAILED");

  const Diagnosis h = diagnoseLocal(hidden, profile, 100, "bob");
  const Finding* t = finding(h, "topic", S::Fail);
  ASSERT_NE(t, nullptr) << diagnosisText(h);
  EXPECT_EQ(t->predicts, "TOPIC_AUTHORIZATION_FAILED");

  for (const auto& topic : {readOnly, hidden}) {
    const RunResult r = runAs("bob", profile, topic, 5, 50, "diag-bob");
    std::cout << topic << ": " << summary(r) << "\n";
    const ErrorCount* e = findError(r, "TOPIC_AUTHORIZATION_FAILED");
    ASSERT_NE(e, nullptr) << summary(r);
    EXPECT_EQ(e->count, 5u);
  }
}

// carol has no ACL at all: an idempotent producer gets no producer id (Kafka wants IdempotentWrite on the cluster or
// Write on *some* topic), a fatal error for the whole producer. Not alice: other tests grant her Write on their
// topics, and that alone is enough for Kafka to hand her a producer id.
TEST(DiagnoseKafka, IdempotentProducerWithoutAnyAclIsFatal) {
  REQUIRE_CLUSTER();
  const std::string topic = uniqueTopic("diag-carol");
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 1, 3));
  const auto profile = preset("production", {{"delivery.timeout.ms", "10000"}});
  const Diagnosis d = diagnoseLocal(topic, profile, 100, "carol");
  std::cout << diagnosisText(d);
  const Finding* f = finding(d, "access.idempotent", S::Fail);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "CLUSTER_AUTHORIZATION_FAILED");

  const RunResult r = runAs("carol", profile, topic, 5, 50, "diag-carol");
  std::cout << summary(r) << "\n";
  EXPECT_TRUE(r.fatal) << summary(r);
  EXPECT_NE(r.fatalError.find("CLUSTER_AUTHORIZATION_FAILED"), std::string::npos) << summary(r);
}

// transactional.id: bob may Describe and Write the topic but has no ACL on the TransactionalId. Without the opt-in
// probe the diagnosis cannot tell (a warning, no prediction); with it, InitProducerId is refused and
// TRANSACTIONAL_ID_AUTHORIZATION_FAILED is predicted; the run then fails init_transactions with it and sends nothing.
// admin (a super user): the brokers' configs show an authorizer, so unknown without the probe, allowed with it.
TEST(DiagnoseKafka, TransactionalIdAccessIsAskedOnlyWithTheOptInProbe) {
  REQUIRE_CLUSTER();
  const std::string topic = uniqueTopic("diag-txn");
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 1, 3));
  for (const auto& op : {"Describe", "DescribeConfigs", "Write"}) ASSERT_NO_THROW(c.kafka.addAcl("User:bob", topic, op));
  const auto profile = preset("transactional", {{"transactional.id", topic + "-txn"}});
  auto options = [&](const std::string& user, bool probe) {
    DiagnoseOptions o;
    o.bootstrap = c.saslBootstrap;
    o.connection = pairs(LocalKafka::saslClientConfig(user));
    o.input.profile = profile;
    o.input.topic = topic;
    o.probeTransactionalId = probe;
    return o;
  };

  Diagnosis plain;
  ASSERT_TRUE(waitFor([&] {
    plain = diagnose(options("bob", false));
    return finding(plain, "access.write", S::Ok) != nullptr;  // the topic ACLs have reached every broker
  }, 30s)) << diagnosisText(plain);
  std::cout << diagnosisText(plain);
  const Finding* unknown = finding(plain, "access.transactional", S::Warn);
  ASSERT_NE(unknown, nullptr) << diagnosisText(plain);
  EXPECT_TRUE(unknown->predicts.empty());
  EXPECT_NE(unknown->remedy.find("--probe-transactional-id"), std::string::npos) << unknown->remedy;
  EXPECT_EQ(plain.exitStatus(), 0) << diagnosisText(plain);

  const Diagnosis probed = diagnose(options("bob", true));
  std::cout << diagnosisText(probed);
  const Finding* denied = finding(probed, "access.transactional", S::Fail);
  ASSERT_NE(denied, nullptr) << diagnosisText(probed);
  EXPECT_EQ(denied->predicts, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED");
  EXPECT_EQ(probed.exitStatus(), 1);

  const RunResult r = runAs("bob", profile, topic, 5, 50, "diag-txn");
  std::cout << summary(r) << "\n";
  EXPECT_TRUE(r.fatal) << summary(r);
  EXPECT_EQ(r.counters.delivered, 0u) << summary(r);
  bool refused = false;
  for (const auto& e : r.txnErrors) refused |= e.operation == "init_transactions" && e.name == "TRANSACTIONAL_ID_AUTHORIZATION_FAILED";
  EXPECT_TRUE(refused) << summary(r) << " / " << r.fatalError;
  EXPECT_EQ(endOffsets(topic, 1), std::vector<int64_t>{0}) << "neither the probes nor the refused run wrote";

  const Diagnosis admin = diagnose(options("admin", false));
  const Finding* adminUnknown = finding(admin, "access.transactional", S::Warn);
  ASSERT_NE(adminUnknown, nullptr) << diagnosisText(admin);
  EXPECT_NE(adminUnknown->what.find("checks ACLs (org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
            std::string::npos)
      << adminUnknown->what;
  const Diagnosis adminProbed = diagnose(options("admin", true));
  const Finding* allowed = finding(adminProbed, "access.transactional", S::Ok);
  ASSERT_NE(allowed, nullptr) << diagnosisText(adminProbed);
  EXPECT_NE(allowed->what.find("was answered with a producer id"), std::string::npos) << allowed->what;
}

// delivery.timeout.ms 3000 < linger.ms 5 + request.timeout.ms 30000: a leader that stops answering makes messages
// time out before their request does.
TEST(DiagnoseKafka, TimeoutArithmeticPredictsMsgTimedOut) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("diag-timeout");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  const auto profile = preset("critical", {{"delivery.timeout.ms", "3000"},
                                           {"reconnect.backoff.ms", "50"},
                                           {"reconnect.backoff.max.ms", "200"}});
  const Diagnosis d = diagnoseLocal(topic, profile);
  std::cout << diagnosisText(d);
  EXPECT_EQ(d.exitStatus(), 1);
  const Finding* f = finding(d, "timeouts", S::Fail);
  ASSERT_NE(f, nullptr) << diagnosisText(d);
  EXPECT_EQ(f->predicts, "_MSG_TIMED_OUT");

  const int32_t leader = leaderOf(c.kafka, topic);
  ASSERT_GE(leader, 1);
  const auto out = runOnLocal(local, profile, traffic(topic, 60, 20), {"stop broker=" + std::to_string(leader) + " at=1500ms for=6s"},
                              false, "", testDlqFile("diag-timeout"));
  std::cout << summary(out.result) << "\n";
  const ErrorCount* e = findError(out.result, "_MSG_TIMED_OUT");
  ASSERT_NE(e, nullptr) << summary(out.result);
  EXPECT_GT(e->count, 0u);
}

std::pair<int, std::string> runCli(const std::string& args) {
  std::string out;
  FILE* p = ::popen((std::string(ACKLAB_CLI_PATH) + " " + args + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return {-1, ""};
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(DiagnoseKafka, CliExitStatusAndJson) {
  REQUIRE_CLUSTER();
  const std::string missing = uniqueTopic("diag-cli-missing");
  auto [rc, out] = runCli("diagnose --local --topic " + missing + " --json");
  EXPECT_EQ(rc, 1) << out;
  const auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out;
  EXPECT_EQ(j.value("verdict", ""), "fail");
  bool predicted = false;
  for (const auto& f : j["findings"])
    predicted = predicted || (f.value("check", "") == "topic" && f.value("predicts", "") == "UNKNOWN_TOPIC_OR_PARTITION");
  EXPECT_TRUE(predicted) << out;

  const std::string topic = uniqueTopic("diag-cli-ok");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  std::tie(rc, out) = runCli("diagnose --local --topic " + topic + " --profile production");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("verdict: no failure predicted"), std::string::npos) << out;
  std::tie(rc, out) = runCli("diagnose --bootstrap 127.0.0.1:1 --topic x --timeout 1000");
  EXPECT_EQ(rc, 3) << out;
  std::tie(rc, out) = runCli("diagnose --local --bootstrap 127.0.0.1:1");
  EXPECT_EQ(rc, 2) << out;
}

}  // namespace
}  // namespace acklab
