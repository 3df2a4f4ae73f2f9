// DLQ redrive against real Apache Kafka (ctest -L kafka): envelopes written by AckLab's DlqWriter are read back
// by DlqReader and redriven with their original key/value/headers; a redrive refused by a real ACL
// (TOPIC_AUTHORIZATION_FAILED for a SASL user without Write) goes back to the DLQ with attempts + 1.
// Not in the embedded suite because the mock cluster has no ACLs (docs/embedded-cluster.md).
#include <gtest/gtest.h>

#include "KafkaTestSupport.h"
#include "common/Encoding.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqWriter.h"
#include "dlq/Redrive.h"

namespace acklab {
namespace {

using namespace kafkatest;

std::string tempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("acklab-dlqkafka-" + std::to_string(::getpid()) + "-" + name)).string();
}

DlqReadResult readAll(const std::string& bootstrap, const std::string& topic) {
  DlqReaderOptions o;
  o.bootstrap = bootstrap;
  o.topic = topic;
  o.timeoutMs = 60'000;
  return DlqReader::readTopic(o);
}

TEST(DlqKafka, RedriveRoundTripAndRequeueOnAuthorizationFailure) {
  REQUIRE_CLUSTER();
  const std::string dlq = uniqueTopic("dlq");
  const std::string orders = dlq + "-orders";
  const std::string denied = dlq + "-denied";
  ASSERT_NO_THROW(c.kafka.createTopic(dlq, 1, 3));
  ASSERT_NO_THROW(c.kafka.createTopic(orders, 3, 3));
  ASSERT_NO_THROW(c.kafka.createTopic(denied, 1, 3));

  std::vector<DlqEnvelope> sent;
  {
    DlqWriterOptions wo;
    wo.bootstrap = c.bootstrap;
    wo.topic = dlq;
    wo.fallbackPath = tempPath("writer.jsonl");
    DlqWriter w(wo);
    for (int i = 0; i < 3; ++i) {
      DlqEnvelope e;
      e.originalTopic = orders;
      e.originalPartition = i;
      e.originalKey = "key-" + std::to_string(i);
      e.originalValue = std::string("\x00\xff value ", 9) + std::to_string(i);
      e.originalHeaders = {{"acklab.run", "run-kafka"}, {"bin", std::string("\x01\x00", 2)}};
      e.errorName = "NOT_ENOUGH_REPLICAS";
      e.errorClass = "permanent";
      e.runId = "run-kafka";
      e.failedAtMs = nowEpochMs();
      w.write(e);
      sent.push_back(e);
    }
    w.close(30'000);
    ASSERT_EQ(w.toTopic(), 3u) << w.lastError();
  }
  auto dlqRead = readAll(c.bootstrap, dlq);
  ASSERT_TRUE(dlqRead.ok) << dlqRead.error;
  ASSERT_EQ(dlqRead.records.size(), 3u);

  RedriveOptions o;
  o.bootstrap = c.bootstrap;
  o.keepPartition = true;
  o.dlqTopic = dlq;
  o.dlqFile = tempPath("requeue.jsonl");
  const auto s = Redrive::run(dlqRead.records, o);
  EXPECT_EQ(s.redriven, 3u) << s.text();
  auto landed = readAll(c.bootstrap, orders);
  ASSERT_EQ(landed.records.size(), 3u);
  for (const auto& rec : landed.records) {
    auto it = std::find_if(sent.begin(), sent.end(), [&](const DlqEnvelope& e) { return e.originalKey == rec.rawKey; });
    ASSERT_NE(it, sent.end());
    EXPECT_EQ(rec.rawValue, it->originalValue);
    EXPECT_EQ(rec.rawHeaders, it->originalHeaders);
    EXPECT_EQ(rec.source.partition, it->originalPartition);
  }

  // alice may write the DLQ but not `denied`: the redrive fails for real and re-queues.
  ASSERT_NO_THROW(c.kafka.addAcl("User:alice", dlq, "Write"));
  ASSERT_NO_THROW(c.kafka.addAcl("User:alice", dlq, "Describe"));
  std::vector<std::pair<std::string, std::string>> alice;
  for (const auto& kv : LocalKafka::saslClientConfig("alice")) alice.push_back(kv);
  // ACLs reach every broker through the metadata log: wait until alice's DLQ writes go through.
  int probes = 0;
  ASSERT_TRUE(waitFor(
      [&] {
        DlqWriterOptions wo;
        wo.bootstrap = c.saslBootstrap;
        wo.clientProperties = alice;
        wo.topic = dlq;
        wo.fallbackPath = tempPath("probe.jsonl");
        DlqWriter w(wo);
        DlqEnvelope probe;
        probe.originalTopic = "probe";
        w.write(probe);
        w.close(10'000);
        ++probes;
        return w.toTopic() == 1;
      },
      30s));

  RedriveOptions a;
  a.bootstrap = c.saslBootstrap;
  a.clientProperties = alice;
  a.toTopic = denied;
  a.dlqTopic = dlq;
  a.dlqFile = tempPath("requeue.jsonl");
  a.deliveryTimeoutMs = 15'000;
  const auto f = Redrive::run(dlqRead.records, a);
  EXPECT_EQ(f.failedAgain, 3u) << f.text();
  EXPECT_EQ(f.requeuedToTopic, 3u) << f.text();
  for (const auto& out : f.outcomes) EXPECT_EQ(out.errorName, "TOPIC_AUTHORIZATION_FAILED") << out.error;

  auto after = readAll(c.bootstrap, dlq);
  ASSERT_TRUE(after.ok) << after.error;
  int requeued = 0;
  for (const auto& rec : after.records) {
    if (rec.originalTopic != denied) continue;
    ++requeued;
    EXPECT_EQ(rec.attempts, 2);
    EXPECT_EQ(rec.errorName, "TOPIC_AUTHORIZATION_FAILED");
    auto it = std::find_if(sent.begin(), sent.end(), [&](const DlqEnvelope& e) { return e.originalKey == rec.key; });
    ASSERT_NE(it, sent.end());
    EXPECT_EQ(rec.value, it->originalValue);
    EXPECT_EQ(rec.headers, it->originalHeaders);
  }
  EXPECT_EQ(requeued, 3);
  // The originals, alice's one probe that reached the topic (earlier refused probes went to their file), the
  // re-queued records.
  EXPECT_EQ(after.records.size(), 3u + 1u + 3u) << probes << " probe(s)";
}

}  // namespace
}  // namespace acklab
