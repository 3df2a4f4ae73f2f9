// The live end-to-end tracker on the REAL local cluster agrees with the after-run audit (same run, same counts):
//   acks=1 with both followers frozen and the leader SIGKILLed: the acknowledged records are gone, and the live
//   lost count equals the audit's (matched by tag: the new leader's log reuses the offsets);
//   acks=all + idempotence through a leader kill: 0 lost, 0 duplicated, live and audit;
//   idempotence off under forced retries (leader SIGSTOPped): the live duplicate count equals the audit's.
#include <gtest/gtest.h>

#include "KafkaTestSupport.h"
#include "audit/E2eTracker.h"

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;

std::string e2eText(const E2eSnapshot& e) {
  const auto& t = e.totals;
  return "e2e complete=" + std::string(e.complete ? "yes" : "no") + " seen=" + std::to_string(t.seen) +
         " lost=" + std::to_string(t.lost) + " duplicated=" + std::to_string(t.duplicated) +
         " reordered=" + std::to_string(t.reordered) + " arrived_unacked=" + std::to_string(t.arrivedUnacknowledged) +
         " acked=" + std::to_string(t.acknowledged) + " p99_ms=" +
         std::to_string(static_cast<double>(t.latency.percentile(0.99)) / 1000.0) + " error='" + e.error + "'";
}

void expectAgreement(const E2eSnapshot& e, const AuditResult& a) {
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_TRUE(e.complete) << e2eText(e);
  EXPECT_EQ(e.totals.lost, a.lost) << e2eText(e) << "\n" << summary(a);
  EXPECT_EQ(e.totals.seen + e.totals.duplicated, a.read) << e2eText(e) << "\n" << summary(a);
  EXPECT_EQ(e.totals.duplicated, a.duplicated) << e2eText(e) << "\n" << summary(a);
  EXPECT_EQ(e.totals.reordered, a.reordered) << e2eText(e) << "\n" << summary(a);
  EXPECT_EQ(e.totals.arrivedUnacknowledged, a.presentNotAcked) << e2eText(e) << "\n" << summary(a);
}

struct TrackedOutcome {
  RunOutcome run;
  E2eSnapshot e2e;
};

// runOnLocal with the tracker on (RunSpec::e2e) and the audit afterwards.
TrackedOutcome trackedOnLocal(LocalKafkaCluster& local, const ProducerProfile& profile, const TrafficSpec& t,
                              const std::vector<std::string>& faults) {
  RunSpec spec;
  spec.cluster.kind = ClusterChoice::Kind::Local;
  spec.profiles.push_back(profile);
  spec.traffic = t;
  for (const auto& f : faults) spec.faults.push_back(FaultSpec::parse(f));
  spec.dlqTopic = "";
  spec.dlqFile = testDlqFile("e2e");
  spec.audit = true;
  spec.e2e = true;
  RunSession session(std::move(spec), &local);
  session.start();
  TrackedOutcome out;
  if (!session.run(0).wait(180s)) {
    ADD_FAILURE() << "run still going after 180 s: stopping it";
    session.requestStop();
  }
  session.wait();
  out.run.result = session.run(0).result();
  out.run.faults = session.faults(0);
  out.e2e = session.tracker(0)->snapshot();
  AuditOptions ao;
  ao.bootstrap = local.bootstrapServers();
  ao.topic = t.topic;
  ao.runId = out.run.result.runId;
  out.run.audit = auditRun(ao, out.run.result.outcomes);
  std::cout << summary(out.run.result) << "\n" << summary(out.run.audit) << "\n" << e2eText(out.e2e) << "\n";
  return out;
}

TEST(E2eKafka, AcksOneLeaderCrashLiveLostEqualsAuditLost) {
  REQUIRE_LOCAL_PROCESSES();
  const std::string topic = uniqueTopic("e2e-acks1");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  TopicInfo t = describeQuietly(c.kafka, topic);
  ASSERT_TRUE(isrFull(t)) << describe(t);
  const int32_t leader = t.partitions[0].leader;
  std::vector<int32_t> followers;
  for (auto r : t.partitions[0].replicas)
    if (r != leader) followers.push_back(r);
  ASSERT_EQ(followers.size(), 2u);
  // Only the leader as bootstrap: a SIGSTOPped node accepts connections and never answers.
  const std::string leaderOnly = "127.0.0.1:" + std::to_string(c.kafka.plaintextPort(leader));

  // 1,000 records with all replicas in step (seen by the tracker), then the followers freeze and 2,000 more are
  // acknowledged by the leader alone.
  RunOptions o;
  o.profile = preset("analytics", {{"delivery.timeout.ms", "15000"}});
  o.bootstrap = leaderOnly;
  o.traffic = traffic(topic, 3000, 1000);
  o.recordOutcomes = true;
  o.dlqTopic = "";
  o.dlqFile = testDlqFile("e2e-acks1");
  ProducerRun run(o);
  E2eOptions eo;
  eo.bootstrap = leaderOnly;
  eo.topic = topic;
  eo.runId = run.runId();
  eo.expectedMessages = 3000;
  eo.graceMs = 2000;
  eo.finishTimeoutMs = 120'000;
  E2eTracker tracker(eo);
  run.setOutcomeBoard(&tracker.board());
  const auto t0 = ProducerRun::Clock::now();
  tracker.start(t0);
  run.start(t0);
  ASSERT_TRUE(waitFor([&] { return run.snapshot(SIZE_MAX, SIZE_MAX).counters.delivered >= 1000; }, 30s));
  for (auto f : followers) c.kafka.stop(f);
  const auto frozenAt = ProducerRun::Clock::now();
  ASSERT_TRUE(run.wait(60s));
  const RunResult r = run.result();
  std::cout << "acks=1, followers stopped after ~1,000: " << summary(r) << "\n";
  expectAccounting(r);
  EXPECT_EQ(r.counters.delivered, 3000u) << "the leader alone acknowledged every record: " << summary(r);

  // Live: the records acknowledged after the freeze never reach the high watermark; once the consumer has read
  // up to it and the grace has passed, they are counted lost, while the leader still runs.
  ASSERT_TRUE(waitFor([&] { return tracker.snapshot(SIZE_MAX).totals.lost > 0; }, 30s)) << e2eText(tracker.snapshot());
  std::cout << "live lost > 0 after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(ProducerRun::Clock::now() - frozenAt).count()
            << " ms from the freeze: " << e2eText(tracker.snapshot(SIZE_MAX)) << "\n";

  c.kafka.kill(leader);
  for (auto f : followers) c.kafka.cont(f);
  ASSERT_TRUE(waitFor([&] {
    t = describeQuietly(c.kafka, topic);
    return !t.partitions.empty() && contains(followers, t.partitions[0].leader);
  }, 90s)) << "no follower became leader: " << describe(t);
  std::cout << "after the kill: " << describe(t) << "\n";
  tracker.producerFinished(static_cast<int64_t>(r.counters.sent));
  EXPECT_TRUE(tracker.finish(150s)) << e2eText(tracker.snapshot());
  const E2eSnapshot e = tracker.snapshot();

  AuditOptions ao;
  ao.bootstrap = c.bootstrap;
  ao.topic = topic;
  ao.runId = r.runId;
  const AuditResult a = auditRun(ao, r.outcomes);
  std::cout << summary(a) << "\n" << e2eText(e) << "\n";
  expectAgreement(e, a);
  EXPECT_GT(a.lost, 0u) << "acknowledged with acks=1, gone with the leader";
  EXPECT_GE(e.totals.seen, 900u) << "the records written before the freeze were read live";
  EXPECT_EQ(e.totals.lost + e.totals.seen, 3000u);
}

TEST(E2eKafka, AcksAllIdempotentLeaderKillLiveAndAuditFindNoLoss) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("e2e-kill");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  const auto out = trackedOnLocal(local, preset("at-least-once", {{"linger.ms", "5"}}), traffic(topic, 30'000, 10'000),
                                  {"kill broker=leader at=1s"});
  ASSERT_EQ(out.run.faults.size(), 1u);
  ASSERT_TRUE(out.run.faults[0].ok) << out.run.faults[0].result;
  EXPECT_EQ(out.run.result.counters.delivered, 30'000u);
  expectAgreement(out.e2e, out.run.audit);
  EXPECT_EQ(out.e2e.totals.lost, 0u);
  EXPECT_EQ(out.e2e.totals.duplicated, 0u);
  EXPECT_EQ(out.e2e.totals.seen, 30'000u);
}

TEST(E2eKafka, ForcedRetriesWithoutIdempotenceLiveDuplicatesEqualAuditDuplicates) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("e2e-retries");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  const int32_t leader = leaderOf(c.kafka, topic);
  const auto profile = preset("critical", {{"enable.idempotence", "false"},
                                           {"max.in.flight.requests.per.connection", "5"},
                                           {"retries", "2147483647"},
                                           {"delivery.timeout.ms", "60000"},
                                           {"socket.timeout.ms", "500"},
                                           {"linger.ms", "5"}});
  const auto out = trackedOnLocal(local, profile, traffic(topic, 10'000, 2'500),
                                  {"stop broker=" + std::to_string(leader) + " at=1s for=2s"});
  EXPECT_EQ(out.run.result.counters.delivered, 10'000u);
  expectAgreement(out.e2e, out.run.audit);
  EXPECT_GT(out.e2e.totals.duplicated, 0u) << "retried requests the stopped leader had appended";
}

}  // namespace
}  // namespace acklab
