// FaultScheduler on the embedded cluster: the undo of a `broker=leader` fault with for= acts on the broker the fault
// hit, even when leadership moved in between (found by the chaos test, seed 1079: the leader was taken down, the
// partition moved to another broker, and the "(end of)" action brought the new leader "up" while the first broker
// stayed down for good; on Local Kafka the same undo tried to restart a running node).
#include "cluster/EmbeddedCluster.h"
#include "cluster/FaultScheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace acklab {
namespace {

using namespace std::chrono_literals;

std::string stateOf(const EmbeddedCluster& c, int32_t broker) {
    for (const auto& b : c.view("t").brokers)
        if (b.id == broker) return b.state;
    return "?";
}

// Polls until the scheduler has fired n actions (bounded).
bool waitFired(const FaultScheduler& s, size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (s.fired().size() < n) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

TEST(FaultScheduler, UndoOfALeaderFaultActsOnTheBrokerItHit) {
    EmbeddedCluster cluster(3);
    ASSERT_EQ(cluster.prepareTopic("t", 1), "");
    ASSERT_EQ(cluster.leaderOf("t", 0), 1);
    FaultScheduler s(cluster, "t",
                     {FaultSpec::parse("down broker=leader at=0ms for=300ms"),
                      FaultSpec::parse("leader partition=0 broker=2 at=100ms")});
    s.start(FaultScheduler::Clock::now());
    ASSERT_TRUE(waitFired(s, 3));
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
    FaultScheduler s(cluster, "t",
                     {FaultSpec::parse("rtt broker=leader ms=500 at=0ms for=60s"),
                      FaultSpec::parse("leader partition=0 broker=3 at=50ms")});
    s.start(FaultScheduler::Clock::now());
    ASSERT_TRUE(waitFired(s, 2));
    EXPECT_EQ(stateOf(cluster, 1), "up, rtt +500 ms");
    s.stop();  // the run ended before for=60s: the undo happens now
    const auto fired = s.fired();
    ASSERT_EQ(fired.size(), 3u);
    EXPECT_EQ(fired[2].result, "broker 1 round-trip time +0 ms");
    EXPECT_EQ(stateOf(cluster, 1), "up");
    EXPECT_EQ(stateOf(cluster, 3), "up");
}

}  // namespace
}  // namespace acklab
