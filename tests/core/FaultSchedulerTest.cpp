// FaultScheduler on the embedded cluster: the undo of a `broker=leader` fault with for= acts on the broker the fault
// hit, even when leadership moved in between (found by the chaos test, seed 1079: the leader was taken down, the
// partition moved to another broker, and the "(end of)" action brought the new leader "up" while the first broker
// stayed down for good; on Local Kafka the same undo tried to restart a running node).
#include "cluster/EmbeddedCluster.h"
#include "cluster/FaultScheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace acklab {
namespace {

using namespace std::chrono_literals;

std::string stateOf(const EmbeddedCluster& c, int32_t broker) {
    for (const auto& b : c.view("t").brokers)
        if (b.id == broker) return b.state;
    return "?";
}

// Counts what a scheduler fires (its listener) and waits for it without polling.
struct FiredLog {
    std::mutex mutex;
    std::condition_variable cv;
    size_t count = 0;
    FaultScheduler::Listener listener() {
        return [this](const FiredFault&) {
            {
                std::lock_guard lock(mutex);
                ++count;
            }
            cv.notify_all();
        };
    }
    bool waitFor(size_t n, std::chrono::milliseconds bound = 10s) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, bound, [&] { return count >= n; });
    }
};

TEST(FaultScheduler, UndoOfALeaderFaultActsOnTheBrokerItHit) {
    EmbeddedCluster cluster(3);
    ASSERT_EQ(cluster.prepareTopic("t", 1), "");
    ASSERT_EQ(cluster.leaderOf("t", 0), 1);
    FiredLog log;
    FaultScheduler s(cluster, "t",
                     {FaultSpec::parse("down broker=leader at=0ms for=300ms"),
                      FaultSpec::parse("leader partition=0 broker=2 at=100ms")},
                     log.listener());
    s.start(FaultScheduler::Clock::now());
    ASSERT_TRUE(log.waitFor(3));
    const auto fired = s.fired();
    EXPECT_EQ(fired[0].result, "broker 1 is down (connections closed, reconnects refused)");
    EXPECT_EQ(fired[1].result, "partition 0 now led by broker 2");
    EXPECT_EQ(fired[2].result, "broker 1 is up") << "the undo brought up the broker that went down";
    EXPECT_EQ(stateOf(cluster, 1), "up");
    EXPECT_EQ(stateOf(cluster, 2), "up");
    s.stop();
}

TEST(FaultScheduler, StopUndoesALeaderFaultOnTheBrokerItHit) {
    EmbeddedCluster cluster(3);
    ASSERT_EQ(cluster.prepareTopic("t", 1), "");
    FiredLog log;
    FaultScheduler s(cluster, "t",
                     {FaultSpec::parse("rtt broker=leader ms=500 at=0ms for=60s"),
                      FaultSpec::parse("leader partition=0 broker=3 at=50ms")},
                     log.listener());
    s.start(FaultScheduler::Clock::now());
    ASSERT_TRUE(log.waitFor(2));
    EXPECT_EQ(stateOf(cluster, 1), "up, rtt +500 ms");
    s.stop();  // the run ended before for=60s: the undo happens now
    const auto fired = s.fired();
    ASSERT_EQ(fired.size(), 3u);
    EXPECT_EQ(fired[2].result, "broker 1 round-trip time +0 ms");
    EXPECT_EQ(stateOf(cluster, 1), "up");
    EXPECT_EQ(stateOf(cluster, 3), "up");
}

// The window's one-click faults and the monitor's fault field go through fireNow: a for= fault comes back by
// itself, on the node it hit, also when fired after the timeline ended or after stop().
TEST(FaultScheduler, FireNowUndoesAForFaultByItselfOnTheBrokerItHit) {
    EmbeddedCluster cluster(3);
    ASSERT_EQ(cluster.prepareTopic("t", 1), "");
    ASSERT_EQ(cluster.leaderOf("t", 0), 1);
    FiredLog log;
    FaultScheduler s(cluster, "t", {}, log.listener());
    s.start(FaultScheduler::Clock::now());
    const FiredFault down = s.fireNow(FaultSpec::parse("down broker=leader for=1500ms"));
    EXPECT_TRUE(down.ok) << down.result;
    EXPECT_EQ(stateOf(cluster, 1), "down");
    EXPECT_TRUE(s.fireNow(FaultSpec::parse("leader partition=0 broker=2")).ok);
    ASSERT_TRUE(log.waitFor(3));
    auto fired = s.fired();
    ASSERT_EQ(fired.size(), 3u);
    EXPECT_EQ(fired[2].spec, "(end of) down broker=leader for=1500ms");
    EXPECT_EQ(fired[2].result, "broker 1 is up");
    EXPECT_GE(fired[2].atMs - fired[0].atMs, 1500);
    EXPECT_EQ(stateOf(cluster, 1), "up");
    EXPECT_EQ(stateOf(cluster, 2), "up");

    s.stop();  // a run's end: a fault fired after it still gets its undo
    EXPECT_TRUE(s.fireNow(FaultSpec::parse("down broker=3 for=200ms")).ok);
    EXPECT_EQ(stateOf(cluster, 3), "down");
    ASSERT_TRUE(log.waitFor(5));
    EXPECT_EQ(stateOf(cluster, 3), "up");

    // A fault that fails schedules nothing; one still broken at stop() is mended then.
    EXPECT_FALSE(s.fireNow(FaultSpec::parse("down broker=9 for=100ms")).ok);
    EXPECT_TRUE(s.fireNow(FaultSpec::parse("rtt broker=2 ms=300 for=60s")).ok);
    EXPECT_EQ(stateOf(cluster, 2), "up, rtt +300 ms");
    s.stop();
    fired = s.fired();
    ASSERT_EQ(fired.size(), 8u);
    EXPECT_EQ(fired.back().spec, "(end of) rtt broker=2 ms=300 for=60s");
    EXPECT_EQ(stateOf(cluster, 2), "up");
    for (const auto& f : fired) EXPECT_NE(f.spec, "(end of) down broker=9 for=100ms");
}

}  // namespace
}  // namespace acklab
