// The lesson's error table ("Common Error Types and Responses"), each row produced by the REAL local cluster and
// seen through AckLab's producer core (RunSession on Local Kafka, or ProducerRun where no topic may be created):
//   _MSG_TIMED_OUT               leader SIGSTOPped under a short delivery.timeout.ms   transient
//   NOT_ENOUGH_REPLICAS          ISR below min.insync.replicas=2, acks=all              transient (acks=1 succeeds)
//   TOPIC_AUTHORIZATION_FAILED   SASL user without an ACL for the topic                  permanent -> DLQ
//   UNKNOWN_TOPIC_OR_PARTITION   topic missing, auto-create off                          what librdkafka reports
//   MSG_SIZE_TOO_LARGE           2 KB record, topic max.message.bytes=1024               permanent -> DLQ
// Every fault test holds a RestoreOnExit guard: all nodes running and the topic's ISR full before it ends.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>

#include "KafkaTestSupport.h"
#include "metrics/ErrorClassifier.h"

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;

std::vector<std::pair<std::string, std::string>> pairs(const std::map<std::string, std::string>& m) {
  return {m.begin(), m.end()};
}

bool containsIgnoringCase(const std::string& text, const std::string& part) {
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  return lower(text).find(lower(part)) != std::string::npos;
}

std::vector<std::string> fileLinesWithRun(const std::string& path, const std::string& runId) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.find("\"" + runId + "\"") != std::string::npos) out.push_back(line);
  return out;
}

// _MSG_TIMED_OUT: the leader is SIGSTOPped (its socket still accepts, nothing answers) while a producer with a
// 3 s delivery.timeout.ms sends; what was sent to it times out before the controller moves leadership.
TEST(LessonErrors, MsgTimedOutWhenTheLeaderIsStopped) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("lesson-timeout");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  const int32_t leader = leaderOf(c.kafka, topic);
  ASSERT_GE(leader, 1);

  const auto profile = preset("critical", {{"delivery.timeout.ms", "3000"},
                                           {"reconnect.backoff.ms", "50"},
                                           {"reconnect.backoff.max.ms", "200"}});
  // 60 messages over 3 s; the leader stops at 1.5 s (time for a slow start on a loaded machine to deliver the
  // first ones) and comes back (for=) after 6 s, past every timeout.
  const auto out = runOnLocal(local, profile, traffic(topic, 60, 20), {"stop broker=" + std::to_string(leader) + " at=1500ms for=6s"},
                              false, "", testDlqFile("timeout"));
  const RunResult& r = out.result;
  std::cout << summary(r) << "\n";
  for (const auto& f : out.faults) std::cout << "  fault @" << f.atMs << "ms " << f.spec << ": " << f.result << "\n";
  expectAccounting(r);
  ASSERT_FALSE(out.faults.empty());
  EXPECT_TRUE(out.faults.front().ok) << out.faults.front().result;
  // Observed: 49 of the 60 delivered (the ~30 sent before the stop, and those librdkafka had not yet sent to the
  // stopped node when leadership moved); the 11 written to the stopped node timed out.
  EXPECT_GT(r.counters.delivered, 0u) << summary(r);
  EXPECT_GT(r.counters.failed, 0u) << summary(r);
  EXPECT_EQ(r.inFlightAtEnd, 0u);
  const ErrorCount* e = findError(r, "_MSG_TIMED_OUT");
  ASSERT_NE(e, nullptr) << summary(r);
  EXPECT_EQ(e->errorClass, "transient");
  EXPECT_EQ(e->count, r.counters.failed) << "every failure is a timeout";
  // They were written to the stopped node's socket: the broker may have them (status POSSIBLY_PERSISTED).
  EXPECT_EQ(r.counters.possiblyPersisted, r.counters.failed) << summary(r);
  EXPECT_EQ(r.counters.dlq(), 0u) << "transient failures are not DLQ'd";
  // The cause a user sees: librdkafka timed the Produce requests out locally (no answer from the stopped
  // node) and logged them as _TIMED_OUT; the event names that, either as the bare name (from the retried
  // request's log line) or with librdkafka's text ("_TIMED_OUT (127.0.0.1:19092/1: 11 request(s) timed out:
  // disconnect (after 4004ms in state UP))", from the error callback), whichever came last.
  EXPECT_TRUE(r.retriedRequests.count("_TIMED_OUT")) << summary(r);
  const RunEvent* ev = findEvent(r, "_MSG_TIMED_OUT");
  ASSERT_NE(ev, nullptr) << summary(r);
  EXPECT_EQ(ev->errorClass, "transient");
  EXPECT_EQ(ev->severity, "warning");
  // Named first, or second after an answer some broker gave before it stopped.
  EXPECT_TRUE(containsIgnoringCase(ev->message, "requests kept failing locally with _TIMED_OUT (no answer from the broker)"))
      << ev->message;
  EXPECT_FALSE(ev->remedy.empty());
}

// NOT_ENOUGH_REPLICAS: a 2-replica topic (2:3) with min.insync.replicas=2 loses a follower from its ISR;
// acks=all fails (librdkafka retries the broker's answer until delivery.timeout.ms), acks=1 still succeeds.
TEST(LessonErrors, NotEnoughReplicasWithAcksAllButAcksOneSucceeds) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("lesson-ner");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  TopicInfo t = describeQuietly(c.kafka, topic);
  ASSERT_EQ(t.partitions.size(), 1u) << describe(t);
  const int32_t leader = t.partitions[0].leader;
  ASSERT_TRUE(leader == 2 || leader == 3) << describe(t);
  const int victim = leader == 2 ? 3 : 2;

  c.kafka.stop(victim);
  ASSERT_TRUE(waitFor([&] {
    t = describeQuietly(c.kafka, topic);
    return t.partitions.size() == 1 && t.partitions[0].isr == std::vector<int32_t>{leader};
  }, 60s)) << "ISR did not shrink to the leader after SIGSTOP of node " << victim << ": " << describe(t);

  const auto all = runOnLocal(local, preset("critical", {{"delivery.timeout.ms", "5000"}}), traffic(topic, 5, 50), {},
                              false, "", testDlqFile("ner"));
  const RunResult& r = all.result;
  std::cout << "acks=all: " << summary(r) << "\n";
  expectAccounting(r);
  EXPECT_EQ(r.counters.delivered, 0u) << summary(r);
  EXPECT_EQ(r.counters.failed, 5u) << summary(r);
  const ErrorCount* ner = findError(r, "NOT_ENOUGH_REPLICAS");
  const ErrorCount* timedOut = findError(r, "_MSG_TIMED_OUT");
  ASSERT_TRUE(ner != nullptr || timedOut != nullptr) << summary(r);
  if (ner != nullptr) {
    EXPECT_EQ(ner->errorClass, "transient");
  } else {
    // librdkafka retried NOT_ENOUGH_REPLICAS itself; the report still names it.
    EXPECT_EQ(timedOut->errorClass, "transient");
    EXPECT_TRUE(r.retriedRequests.count("NOT_ENOUGH_REPLICAS")) << summary(r);
    const RunEvent* ev = findEvent(r, "_MSG_TIMED_OUT");
    ASSERT_NE(ev, nullptr) << summary(r);
    // CI once saw the leader stall: 9 answers, then 5 requests without one (_TIMED_OUT). The answer is still named.
    EXPECT_TRUE(containsIgnoringCase(ev->message, "brokers kept answering NOT_ENOUGH_REPLICAS")) << ev->message;
  }
  EXPECT_EQ(r.counters.dlq(), 0u) << "transient failures are not DLQ'd";

  // Same moment, same ISR: acks=1 needs only the leader.
  t = describeQuietly(c.kafka, topic);
  ASSERT_EQ(t.partitions[0].isr, std::vector<int32_t>{leader}) << describe(t);
  const auto one = runOnLocal(local, preset("analytics", {{"delivery.timeout.ms", "5000"}}), traffic(topic, 5, 50), {},
                              false, "", testDlqFile("ner"));
  std::cout << "acks=1: " << summary(one.result) << "\n";
  EXPECT_EQ(one.result.counters.delivered, 5u) << summary(one.result);
  EXPECT_EQ(one.result.counters.failed, 0u);
}

// TOPIC_AUTHORIZATION_FAILED: bob (SASL/PLAIN) may write topic A and the DLQ topic, not topic B. His failures
// are permanent and their envelopes land in the DLQ topic on the real cluster (the DLQ producer uses bob's
// credentials too); with no ACL on the DLQ topic they land in the local fallback file instead.
TEST(LessonErrors, TopicAuthorizationFailedGoesToTheDlq) {
  REQUIRE_CLUSTER();
  const std::string allowed = uniqueTopic("lesson-bob-ok");
  const std::string denied = allowed + "-denied";
  const std::string dlq = allowed + "-dlq";
  const std::string dlqDenied = allowed + "-dlq-denied";
  for (const auto& name : {allowed, denied, dlq, dlqDenied}) ASSERT_NO_THROW(c.kafka.createTopic(name, 1, 3));
  ASSERT_NO_THROW(c.kafka.addAcl("User:bob", dlq, "Write"));
  ASSERT_NO_THROW(c.kafka.addAcl("User:bob", dlq, "Describe"));
  ASSERT_NO_THROW(c.kafka.addAcl("User:bob", allowed, "Write"));
  ASSERT_NO_THROW(c.kafka.addAcl("User:bob", allowed, "Describe"));

  auto bobRun = [&](const std::string& topic, const std::string& dlqTopic, const std::string& dlqFile) {
    RunOptions o;
    o.profile = preset("critical", {{"delivery.timeout.ms", "10000"}});
    o.bootstrap = c.saslBootstrap;
    o.clusterProperties = pairs(LocalKafka::saslClientConfig("bob"));
    o.traffic = traffic(topic, 5, 50);
    o.dlqTopic = dlqTopic;
    o.dlqFile = dlqFile;
    return runDirect(o);
  };
  // ACLs reach every broker through the metadata log: wait until bob can write his topic.
  RunResult ok;
  ASSERT_TRUE(waitFor([&] { return (ok = bobRun(allowed, dlq, testDlqFile("authz"))).counters.delivered == 5; }, 30s))
      << "bob cannot write " << allowed << ": " << summary(ok);

  const std::string file = testDlqFile("authz");
  std::filesystem::remove(file);
  const RunResult r = bobRun(denied, dlq, file);
  std::cout << summary(r) << "\n";
  expectAccounting(r);
  EXPECT_EQ(r.counters.failed, 5u) << summary(r);
  const ErrorCount* e = findError(r, "TOPIC_AUTHORIZATION_FAILED");
  ASSERT_NE(e, nullptr) << summary(r);
  EXPECT_EQ(e->errorClass, "permanent");
  EXPECT_EQ(e->count, 5u);
  EXPECT_EQ(r.counters.dlqTopic, 5u) << "every envelope in the DLQ topic: " << summary(r);
  EXPECT_EQ(r.counters.dlqFile, 0u);
  const auto envelopes = readDlqEnvelopes(c.bootstrap, dlq, r.runId);
  ASSERT_EQ(envelopes.size(), 5u);
  for (const auto& j : envelopes) {
    EXPECT_EQ(j.value("error_name", ""), "TOPIC_AUTHORIZATION_FAILED") << j.dump();
    EXPECT_EQ(j.value("error_class", ""), "permanent") << j.dump();
    EXPECT_EQ(j.value("original_topic", ""), denied) << j.dump();
    EXPECT_EQ(j.value("run_id", ""), r.runId) << j.dump();
    EXPECT_EQ(j.value("error_code", 0), 29) << j.dump();
  }

  // No ACL on the DLQ topic: the DLQ write is refused too, and the envelopes go to the local file.
  const RunResult r2 = bobRun(denied, dlqDenied, file);
  std::cout << "DLQ topic not writable: " << summary(r2) << "\n";
  EXPECT_EQ(r2.counters.failed, 5u) << summary(r2);
  EXPECT_EQ(r2.counters.dlqTopic, 0u) << summary(r2);
  EXPECT_EQ(r2.counters.dlqFile, 5u) << summary(r2);
  const auto lines = fileLinesWithRun(file, r2.runId);
  ASSERT_EQ(lines.size(), 5u) << file;
  const auto j = nlohmann::json::parse(lines.front());
  EXPECT_EQ(j.value("error_name", ""), "TOPIC_AUTHORIZATION_FAILED");
  EXPECT_EQ(j.value("original_topic", ""), denied);
  EXPECT_TRUE(readDlqEnvelopes(c.bootstrap, dlqDenied, r2.runId).empty());
}

// UNKNOWN_TOPIC_OR_PARTITION: auto-create is off and the topic does not exist. ProducerRun is driven directly
// (a RunSession on Local Kafka would create the topic).
TEST(LessonErrors, UnknownTopicWithAutoCreateOff) {
  REQUIRE_CLUSTER();
  const std::string missing = uniqueTopic("lesson-missing");
  const std::string dlq = missing + "-dlq";
  ASSERT_NO_THROW(c.kafka.createTopic(dlq, 1, 3));
  const std::string file = testDlqFile("unknown");
  std::filesystem::remove(file);

  auto run = [&](const std::vector<std::pair<std::string, std::string>>& overrides) {
    RunOptions o;
    o.profile = preset("critical", overrides);
    o.bootstrap = c.bootstrap;
    o.traffic = traffic(missing, 3, 30);
    o.dlqTopic = dlq;
    o.dlqFile = file;
    return runDirect(o);
  };
  // librdkafka waits topic.metadata.propagation.max.ms (default 30 s) for a missing topic to appear before it
  // fails its messages. A delivery.timeout.ms shorter than that: the user sees _MSG_TIMED_OUT, transient; no
  // broker ever answered a Produce request (there was no partition to send to), so AckLab looks the topic up
  // and names the missing topic as the cause.
  const RunResult r = run({{"delivery.timeout.ms", "5000"}});
  std::cout << "delivery.timeout.ms 5000: " << summary(r) << "\n";
  expectAccounting(r);
  EXPECT_EQ(r.counters.failed, 3u) << summary(r);
  const ErrorCount* timedOut = findError(r, "_MSG_TIMED_OUT");
  ASSERT_NE(timedOut, nullptr) << summary(r);
  EXPECT_EQ(timedOut->count, 3u);
  EXPECT_EQ(timedOut->errorClass, "transient");
  EXPECT_EQ(r.counters.dlq(), 0u);
  const RunEvent* ev = findEvent(r, "_MSG_TIMED_OUT");
  ASSERT_NE(ev, nullptr);
  EXPECT_NE(ev->message.find("does not exist or cannot be seen (UNKNOWN_TOPIC_OR_PARTITION)"), std::string::npos)
      << ev->message;

  // Past the propagation wait (here 1 s, so the test stays short; by default 30 s) every message fails with
  // UNKNOWN_TOPIC_OR_PARTITION (librdkafka's UNKNOWN_TOPIC_OR_PART, code 3, not the local _UNKNOWN_TOPIC):
  // permanent, so each one is in the DLQ topic.
  const RunResult r2 = run({{"delivery.timeout.ms", "10000"}, {"topic.metadata.propagation.max.ms", "1000"}});
  std::cout << "topic.metadata.propagation.max.ms 1000: " << summary(r2) << "\n";
  expectAccounting(r2);
  EXPECT_EQ(r2.counters.failed, 3u) << summary(r2);
  const ErrorCount* unknown = findError(r2, "UNKNOWN_TOPIC_OR_PARTITION");
  ASSERT_NE(unknown, nullptr) << summary(r2);
  EXPECT_EQ(unknown->count, 3u);
  EXPECT_EQ(unknown->errorClass, "permanent");
  EXPECT_EQ(r2.counters.dlqTopic, 3u) << summary(r2);
  const auto envelopes = readDlqEnvelopes(c.bootstrap, dlq, r2.runId);
  ASSERT_EQ(envelopes.size(), 3u);
  for (const auto& j : envelopes) {
    EXPECT_EQ(j.value("error_name", ""), "UNKNOWN_TOPIC_OR_PARTITION") << j.dump();
    EXPECT_EQ(j.value("error_code", 0), 3) << j.dump();
    EXPECT_EQ(j.value("original_topic", ""), missing) << j.dump();
  }
  const TopicInfo t = describeQuietly(c.kafka, missing);
  EXPECT_TRUE(t.partitions.empty()) << "the topic was not auto-created: " << describe(t);
}

// MSG_SIZE_TOO_LARGE: a 2 KB record (compression off) for a topic with max.message.bytes=1024.
TEST(LessonErrors, MessageSizeTooLargeGoesToTheDlq) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("lesson-size");
  const std::string dlq = topic + "-dlq";
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 1, 3, {{"max.message.bytes", "1024"}}));
  ASSERT_NO_THROW(c.kafka.createTopic(dlq, 1, 3));
  const auto out = runOnLocal(local, preset("critical", {{"compression.type", "none"}, {"delivery.timeout.ms", "10000"}}),
                              traffic(topic, 3, 30, 2048), {}, false, dlq, testDlqFile("size"));
  const RunResult& r = out.result;
  std::cout << summary(r) << "\n";
  expectAccounting(r);
  EXPECT_EQ(r.counters.failed, 3u) << summary(r);
  const ErrorCount* e = findError(r, "MSG_SIZE_TOO_LARGE");
  ASSERT_NE(e, nullptr) << summary(r);
  EXPECT_EQ(e->errorClass, "permanent");
  EXPECT_EQ(e->count, 3u);
  EXPECT_EQ(r.counters.dlqTopic, 3u) << summary(r);
  const auto envelopes = readDlqEnvelopes(c.bootstrap, dlq, r.runId);
  ASSERT_EQ(envelopes.size(), 3u);
  for (const auto& j : envelopes) {
    EXPECT_EQ(j.value("error_name", ""), "MSG_SIZE_TOO_LARGE") << j.dump();
    EXPECT_EQ(j.value("original_topic", ""), topic);
    EXPECT_EQ(j.value("original_value", "").size(), 2048u) << "the whole record is kept for a redrive";
  }
}

}  // namespace
}  // namespace acklab
