// The now panel's facts and sentences: the oldest message waiting (InFlightTracker, and a real run with its
// leader down), and explainNow on librdkafka statistics recorded while a leader was down.
#include "RunTestSupport.h"
#include "metrics/ProducerNow.h"
#include "metrics/StatsParser.h"
#include "traffic/InFlightTracker.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace acklab;

namespace {

std::string readData(const char* name) {
    std::ifstream in(std::filesystem::path(ACKLAB_TEST_DATA_DIR) / name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Recorded with tests/core/data/gen-stats-broker-down.cpp: 3 brokers, broker 1 (leader of partitions 0 and 2)
// down for 3 s; its connection is TRY_CONNECT and 198 messages wait in the queue for it.
NowInput brokerDownInput() {
    NowInput in;
    in.profile = "critical";
    in.topic = "acklab-test";
    in.properties = {{"delivery.timeout.ms", "300000"}, {"reconnect.backoff.max.ms", "10000"},
                     {"reconnect.backoff.ms", "100"}, {"acks", "all"}};
    in.snapshot.state = "running";
    in.snapshot.elapsedMs = 4000;
    in.snapshot.counters.sent = 1000;
    in.snapshot.counters.delivered = 802;
    in.snapshot.oldestInFlightSentMs = 1000;
    in.snapshot.stats = parseStatistics(readData("stats-broker-down.json"));
    in.snapshot.stats.receivedAtMs = 4000;
    in.clusterBrokers = {{1, "embedded broker 1", "down", 5, {}}, {2, "embedded broker 2", "up", 5, {}},
                         {3, "embedded broker 3", "up", 5, {}}};
    in.clusterStateSinceMs = {{1, 1000}};
    in.recentDeliveredPerSec = 0;
    in.msSinceLastDelivery = 2900;
    return in;
}

}  // namespace

TEST(InFlightTracker, OldestPendingFollowsOutOfOrderReports) {
    InFlightTracker t;
    t.markInterval(0, 0);
    t.markInterval(100, 40);   // seqs 100.. sent from 40 ms
    t.markInterval(250, 80);   // seqs 250.. sent from 80 ms
    EXPECT_EQ(t.oldestPendingSentMs(300), 0);
    for (int64_t s = 0; s < 300; ++s)
        if (s != 120) t.reported(s);  // everything but 120, out of order across partitions is fine too
    EXPECT_EQ(t.lowestPending(), 120);
    EXPECT_EQ(t.oldestPendingSentMs(300), 40);
    EXPECT_LE(t.memoryWords(), 4u) << "bits only between the oldest waiting and the newest sent";
    t.reported(120);
    EXPECT_EQ(t.lowestPending(), 300);
    EXPECT_EQ(t.oldestPendingSentMs(300), -1) << "nothing waits";
    // Reports in reverse order still advance exactly once the gap closes.
    for (int64_t s = 499; s >= 301; --s) t.reported(s);
    EXPECT_EQ(t.lowestPending(), 300);
    EXPECT_EQ(t.oldestPendingSentMs(500), 80);
    t.reported(300);
    EXPECT_EQ(t.lowestPending(), 500);
    EXPECT_EQ(t.memoryWords(), 1u);
}

TEST(InFlightTracker, OverdueCountsOnlyMessagesCertainlySentBeforeTheCutoff) {
    InFlightTracker t;
    t.markInterval(0, 0);
    t.markInterval(100, 1000);  // seqs 100.. sent from 1 s
    t.markInterval(230, 2000);  // seqs 230.. sent from 2 s
    for (int64_t s = 0; s < 300; ++s)
        if (s % 10 != 0) t.reported(s);  // every tenth waits: 0, 10, ..., 290
    EXPECT_EQ(t.pendingSentBefore(-1), 0u);
    EXPECT_EQ(t.pendingSentBefore(999), 0u) << "the first interval may still be going on at 999 ms";
    EXPECT_EQ(t.pendingSentBefore(1000), 10u) << "0..90 were sent before 1 s";
    EXPECT_EQ(t.pendingSentBefore(1500), 10u);
    EXPECT_EQ(t.pendingSentBefore(2000), 23u) << "0..220";
    for (int64_t s = 0; s < 100; s += 10) t.reported(s);
    EXPECT_EQ(t.pendingSentBefore(2000), 13u) << "100..220, counted across the dropped words";
}

TEST(LatencyHistogram, CountAboveLeavesTheThresholdsBucketOut) {
    LatencyHistogram h;
    for (int64_t us : {500, 900'000, 1'000'000, 1'200'000, 5'000'000}) h.record(us);
    EXPECT_EQ(h.countAbove(1'000'000), 2u);
    EXPECT_EQ(h.countAbove(0), 5u);
    EXPECT_EQ(h.countAbove(LatencyHistogram::kMaxMicros), 0u);
}

TEST(StatsParser, BrokerStateQueuesAndLeadersFromARecordedOutage) {
    const ClientStats s = parseStatistics(readData("stats-broker-down.json"));
    ASSERT_TRUE(s.valid) << s.error;
    const BrokerStats* b1 = s.broker(1);
    ASSERT_NE(b1, nullptr);
    EXPECT_NE(b1->state, "UP");
    EXPECT_GT(b1->stateAgeMs, 0);
    EXPECT_EQ(b1->leads, (std::vector<int32_t>{0, 2}));
    int64_t waitingForB1 = 0;
    for (const auto& p : s.partitions)
        if (p.topic == "acklab-test" && p.leader == 1) waitingForB1 += p.queued + p.inFlight;
    EXPECT_GT(waitingForB1, 0);
    EXPECT_EQ(s.msgMax, 100000);
}

TEST(ProducerNow, SaysWhoWaitsForWhichBrokerAndUntilWhen) {
    const NowReport r = explainNow(brokerDownInput());
    EXPECT_EQ(r.inFlight, 198u);
    EXPECT_EQ(r.oldestAgeMs, 3000);
    EXPECT_EQ(r.firstTimeoutInMs, 297'000);
    EXPECT_EQ(r.severity, "warning");
    EXPECT_NE(r.headline.find("critical: 198 waiting; broker 1 DOWN since 1.0 s; "), std::string::npos) << r.headline;
    EXPECT_NE(r.headline.find("reconnect.backoff.max.ms = 10.0 s"), std::string::npos) << r.headline;
    EXPECT_NE(r.headline.find("first timeout in 4 min 57 s"), std::string::npos) << r.headline;
    EXPECT_NE(r.stateKey.find("broker 1"), std::string::npos);
    bool partitions = false, backoff = false, timeout = false;
    for (const auto& d : r.details) {
        partitions |= d.find("for partitions 0, 2 wait for broker 1, their leader (the cluster says: down)") != std::string::npos;
        backoff |= d.find("reconnect.backoff.ms = 100 ms, doubling up to reconnect.backoff.max.ms = 10.0 s") != std::string::npos;
        timeout |= d.find("sent at 1.0 s (3.0 s ago); delivery.timeout.ms = 5 min 0 s") != std::string::npos;
    }
    EXPECT_TRUE(partitions && backoff && timeout);
    const auto b1 = std::find_if(r.brokers.begin(), r.brokers.end(), [](const NowBroker& b) { return b.id == 1; });
    ASSERT_NE(b1, r.brokers.end());
    EXPECT_EQ(b1->clusterState, "down");
    EXPECT_EQ(b1->partitions, (std::vector<int32_t>{0, 2}));
}

TEST(ProducerNow, ABrokerThatIsBackButNotReconnectedIsExplained) {
    NowInput in = brokerDownInput();
    in.clusterBrokers[0].state = "up";
    const NowReport r = explainNow(in);
    EXPECT_NE(r.headline.find("broker 1 is back, but the producer waits for its next reconnect (backoff up to "
                              "reconnect.backoff.max.ms = 10.0 s)"),
              std::string::npos)
        << r.headline;
    // Without the cluster's word, the producer's own view: the connection state.
    in.clusterBrokers.clear();
    const NowReport own = explainNow(in);
    EXPECT_NE(own.headline.find("broker 1 unreachable (connection TRY_CONNECT)"), std::string::npos) << own.headline;
    const auto b1 = std::find_if(own.brokers.begin(), own.brokers.end(), [](const NowBroker& b) { return b.id == 1; });
    ASSERT_NE(b1, own.brokers.end());
    EXPECT_EQ(b1->stateSinceMs, 4000 - 624) << "when the statistics arrived minus the connection's stateage";
    EXPECT_NE(r.stateKey.find("(back up)"), std::string::npos);
}

TEST(ProducerNow, HealthyFinishedAndAcksZero) {
    NowInput in;
    in.profile = "metrics";
    in.properties = {{"acks", "0"}};
    in.snapshot.state = "running";
    in.snapshot.elapsedMs = 2000;
    in.snapshot.counters.sent = 2000;
    in.snapshot.counters.delivered = 1995;
    in.snapshot.oldestInFlightSentMs = 1990;
    in.snapshot.stats = parseStatistics(readData("stats-sample.json"));
    in.recentDeliveredPerSec = 1000;
    in.recentP99Ms = 4.2;
    in.msSinceLastDelivery = 10;
    NowReport r = explainNow(in);
    EXPECT_EQ(r.stateKey, "delivering");
    EXPECT_EQ(r.severity, "ok");
    EXPECT_EQ(r.headline, "metrics: 5 waiting; delivering 1,000 msgs/s, p99 4.2 ms");
    bool acks0 = false;
    for (const auto& d : r.details) acks0 |= d.rfind("acks=0: a message counts as delivered once it is written", 0) == 0;
    EXPECT_TRUE(acks0);

    in.snapshot.state = "finished";
    in.snapshot.counters.delivered = 2000;
    r = explainNow(in);
    EXPECT_EQ(r.stateKey, "finished");
    EXPECT_EQ(r.headline, "metrics: finished; 2,000 delivered, 0 failed");
    EXPECT_TRUE(r.brokers.empty()) << "the last statistics are history once the run has ended";
    in.snapshot.state = "running";
    in.recentP99Ms = 32374.8;
    EXPECT_NE(explainNow(in).headline.find("p99 32.4 s"), std::string::npos);
}

TEST(ProducerNow, ARealRunReportsTheOldestMessageWaitingForADownLeader) {
    // 1 partition led by broker 1, down from 1 s: the oldest waiting message was sent about then, and it ages.
    RunSpec spec = test::embeddedSpec("critical", {}, 2500, 1000, {"down broker=leader at=1s"});
    RunSession session(spec);
    session.start();
    auto& run = session.run(0);
    RunSnapshot s;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        s = run.snapshot(0, 0);
        if (s.elapsedMs >= 2000 && s.oldestInFlightSentMs >= 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a snapshot, as the window does
    }
    ASSERT_GE(s.oldestInFlightSentMs, 0) << "messages wait for the down leader";
    EXPECT_GT(s.counters.inFlight(), 0u);
    EXPECT_GE(s.oldestInFlightSentMs, 800);
    EXPECT_LE(s.oldestInFlightSentMs, 1300);
    const int64_t firstAge = s.elapsedMs - s.oldestInFlightSentMs;
    RunSnapshot later;
    while (std::chrono::steady_clock::now() < deadline) {
        later = run.snapshot(0, 0);
        if (later.elapsedMs >= s.elapsedMs + 300) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(later.oldestInFlightSentMs, s.oldestInFlightSentMs) << "the same message is still the oldest";
    EXPECT_GT(later.elapsedMs - later.oldestInFlightSentMs, firstAge);
    session.requestStop();
    session.wait();
    test::expectAccounting(run.result());
}
