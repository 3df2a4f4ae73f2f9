// The live end-to-end tracker (audit/E2eTracker) on the embedded cluster: its counts agree with the after-run
// audit on the same run (clean, acks=0 losing records, duplicates from retried requests), the sequence board's
// ring, and a tracker that recycles its ring while a long run goes.
#include <gtest/gtest.h>

#include "RunTestSupport.h"
#include "audit/E2eTracker.h"
#include "cluster/EmbeddedCluster.h"

#include <numeric>

namespace acklab {
namespace {

using namespace std::chrono_literals;
using test::embeddedSpec;

TEST(SeqOutcomeBoard, RecordsReportsPerSequenceAndRecyclesItsRing) {
    SeqOutcomeBoard b(2);
    const int64_t n = SeqOutcomeBoard::kChunkSeqs;
    EXPECT_FALSE(b.used(0));
    b.acknowledged(0);
    b.acknowledged(65);
    b.failed(n + 3);
    EXPECT_TRUE(b.used(0));
    EXPECT_EQ(b.ackedWord(0, 0), 1u);
    EXPECT_EQ(b.ackedWord(0, 1), 2u);
    EXPECT_EQ(b.failedWord(1, 0), 8u);
    // Chunk 2 shares chunk 0's slot: not hosted until chunk 0 is recycled; its reports are counted as overflow.
    b.acknowledged(2 * n);
    EXPECT_EQ(b.overflowed(), 1u);
    EXPECT_FALSE(b.hosts(2));
    b.recycle(0);
    EXPECT_TRUE(b.hosts(2));
    EXPECT_FALSE(b.hosts(0));
    EXPECT_EQ(b.ackedWord(2, 0), 0u) << "recycled slot starts clear";
    b.acknowledged(2 * n + 1);
    EXPECT_EQ(b.ackedWord(2, 0), 2u);
    EXPECT_EQ(SeqOutcomeBoard::chunksFor(1), 1u);
    EXPECT_EQ(SeqOutcomeBoard::chunksFor(n + 1), 2u);
}

struct Tracked {
    RunResult result;
    E2eSnapshot e2e;
    AuditResult audit;
};

Tracked runTracked(RunSpec spec) {
    spec.audit = true;
    spec.e2e = true;
    spec.e2eGraceMs = 500;
    RunSession session(std::move(spec));
    session.start();
    session.wait();
    Tracked t;
    t.result = session.run(0).result();
    EXPECT_NE(session.tracker(0), nullptr);
    if (!session.tracker(0)) return t;
    EXPECT_TRUE(session.tracker(0)->done());
    t.e2e = session.tracker(0)->snapshot();
    AuditOptions ao{session.cluster(0).bootstrapServers(), {}, session.spec().traffic.topic, t.result.runId, 30'000, 5};
    t.audit = auditRun(ao, t.result.outcomes);
    return t;
}

std::string describe(const Tracked& t) {
    const auto& e = t.e2e.totals;
    return "e2e seen=" + std::to_string(e.seen) + " lost=" + std::to_string(e.lost) + " dup=" +
           std::to_string(e.duplicated) + " reordered=" + std::to_string(e.reordered) + " arrived_unacked=" +
           std::to_string(e.arrivedUnacknowledged) + " acked=" + std::to_string(e.acknowledged) + " untracked=" +
           std::to_string(e.untracked) + " error='" + t.e2e.error + "' | audit read=" + std::to_string(t.audit.read) +
           " lost=" + std::to_string(t.audit.lost) + " dup=" + std::to_string(t.audit.duplicated) + " reordered=" +
           std::to_string(t.audit.reordered) + " present_not_acked=" + std::to_string(t.audit.presentNotAcked);
}

void expectAgreement(const Tracked& t) {
    ASSERT_TRUE(t.audit.ok) << t.audit.error;
    EXPECT_TRUE(t.e2e.complete) << describe(t);
    const auto& e = t.e2e.totals;
    EXPECT_EQ(e.seen + e.duplicated, t.audit.read) << describe(t);
    EXPECT_EQ(e.lost, t.audit.lost) << describe(t);
    EXPECT_EQ(e.duplicated, t.audit.duplicated) << describe(t);
    EXPECT_EQ(e.reordered, t.audit.reordered) << describe(t);
    EXPECT_EQ(e.arrivedUnacknowledged, t.audit.presentNotAcked) << describe(t);
    EXPECT_EQ(e.acknowledged, t.result.counters.delivered) << describe(t);
    EXPECT_EQ(e.untracked, 0u);
    EXPECT_EQ(e.latency.count(), e.seen) << "one e2e latency per record read (first sighting)";
    uint64_t seen = 0, dup = 0;
    for (const auto& p : t.e2e.points) {
        seen += p.seen;
        dup += p.duplicated;
    }
    EXPECT_EQ(seen, e.seen) << "the interval points add up to the totals";
    EXPECT_EQ(dup, e.duplicated);
    ASSERT_FALSE(t.e2e.points.empty());
    EXPECT_EQ(t.e2e.points.back().lost, e.lost);
}

TEST(E2eTracker, CleanRunAgreesWithTheAudit) {
    auto spec = embeddedSpec("critical", {}, 5000, 5000, {}, 3, 3);
    spec.traffic.keys = TrafficSpec::KeyMode::Random;
    spec.traffic.keySpace = 10;
    const Tracked t = runTracked(spec);
    expectAgreement(t);
    EXPECT_EQ(t.e2e.totals.seen, 5000u) << describe(t);
    EXPECT_EQ(t.e2e.totals.lost, 0u);
    // Records read while the run went: the e2e latency is that of a live consumer, not of a read-back.
    EXPECT_GT(t.e2e.totals.latency.count(), 0u);
    EXPECT_LT(t.e2e.totals.latency.percentile(0.5), 1'000'000) << "p50 e2e under a second on the embedded cluster";
    EXPECT_GE(t.e2e.points.size(), 10u) << "one point per 100 ms interval over a ~1 s run";
}

TEST(E2eTracker, AcksZeroLossIsCountedLiveAsTheAuditCountsIt) {
    // acks=0 under injected errors: every report says delivered; the mock drops the records it refused.
    const Tracked t = runTracked(embeddedSpec("metrics", {}, 300, 1000, {"error code=NOT_ENOUGH_REPLICAS count=20 at=0s"}, 2, 1));
    expectAgreement(t);
    EXPECT_GT(t.e2e.totals.lost, 0u) << describe(t);
    EXPECT_EQ(t.e2e.totals.lost + t.e2e.totals.seen, 300u) << describe(t);
}

TEST(E2eTracker, DuplicatesFromRetriedRequestsAgreeWithTheAudit) {
    // The mock appends a request the client has timed out (socket.timeout.ms 500 < the injected +2.5 s RTT) and
    // then the retry as well: without idempotence, copies (seen: ~1,400 of 4,000).
    auto spec = embeddedSpec("analytics",
                             {{"enable.idempotence", "false"}, {"acks", "all"}, {"retries", "10"},
                              {"socket.timeout.ms", "500"}, {"message.timeout.ms", "30000"}, {"linger.ms", "5"}},
                             4000, 2000, {"rtt broker=1 ms=2500 at=300ms for=1s"}, 1, 1);
    const Tracked t = runTracked(spec);
    expectAgreement(t);
    EXPECT_GT(t.e2e.totals.duplicated, 0u) << describe(t);
}

TEST(E2eTracker, RecyclesItsRingOnARunLongerThanTheRing) {
    // Two chunks of ring, 200,000 messages (over three chunks): judged chunks are recycled while the run goes.
    EmbeddedCluster cluster(1, "");
    ASSERT_EQ(cluster.prepareTopic("acklab-ring", 1), "");
    RunOptions o;
    o.profile = *findPreset("critical");
    o.bootstrap = cluster.bootstrapServers();
    o.traffic.topic = "acklab-ring";
    o.traffic.partitions = 1;
    o.traffic.messages = 200'000;
    o.traffic.rate = 40'000;
    o.dlqTopic = "";
    o.dlqFile = ::testing::TempDir() + "acklab-ring-dlq.jsonl";
    ProducerRun run(o);
    E2eOptions e;
    e.bootstrap = cluster.bootstrapServers();
    e.topic = "acklab-ring";
    e.runId = run.runId();
    e.ringChunks = 3;
    e.graceMs = 0;
    e.maxPoints = 20;
    E2eTracker tracker(e);
    run.setOutcomeBoard(&tracker.board());
    const auto t0 = ProducerRun::Clock::now();
    tracker.start(t0);
    run.start(t0);
    ASSERT_TRUE(run.wait(60s));
    tracker.producerFinished(static_cast<int64_t>(run.result().counters.sent));
    ASSERT_TRUE(tracker.finish(30s)) << tracker.snapshot().error;
    const auto s = tracker.snapshot();
    EXPECT_EQ(run.result().counters.delivered, 200'000u);
    EXPECT_EQ(s.totals.seen, 200'000u);
    EXPECT_EQ(s.totals.lost, 0u);
    EXPECT_EQ(s.totals.untracked, 0u) << "the ring never ran out";
    EXPECT_EQ(s.totals.acknowledged, 200'000u) << "recycled chunks keep their counts";
    EXPECT_EQ(s.points.size(), 20u) << "maxPoints bounds the kept points";
    EXPECT_GT(s.pointsDropped, 0u);
    EXPECT_EQ(s.pointsEnd, s.pointsDropped + 20);
}

}  // namespace
}  // namespace acklab
