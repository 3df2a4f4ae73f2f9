// The chaos property test on Local Kafka (ctest -L kafka): a few seeded runs, each with random process faults
// (SIGKILL, SIGSTOP, their undoing, on the partition leader or any node) × a random valid profile × a traffic shape,
// on a fresh topic whose layout and limits are drawn too (min.insync.replicas, and sometimes a max.message.bytes
// that refuses the run's messages: permanent failures for the DLQ). The invariants of tests/core/ChaosTest.cpp:
// the run ends within its bound, sent == delivered + failed + in_flight_at_end, the DLQ (topic and file) holds
// exactly the permanent failures, the report validates against resources/report.schema.json. Every run ends with
// the cluster restored (RestoreOnExit), so the next test finds it whole.
//   ACKLAB_CHAOS_SEED=<n> replays one seed; ACKLAB_CHAOS_RUNS=<n> (default 3); the first seed is printed.
#include <gtest/gtest.h>
#include <unistd.h>

#include "../core/ChaosSupport.h"
#include "../core/ReportSchemaSupport.h"
#include "KafkaTestSupport.h"
#include "dlq/DlqReader.h"
#include "scenario/RunRecords.h"

#include <iostream>
#include <sstream>

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;
using test::envNumber;

const char* const kChaosDlqTopic = "acklab-chaos-dlq";

struct KafkaPlan {
    uint64_t seed = 0;
    TopicSpec topic;
    std::string layout;  // --replica-assignment syntax
    RunSpec spec;
    int64_t boundMs = 0;
    std::string text;
};

std::string replicaLayout(test::Rng& rng, int partitions) {
    std::string s;
    for (int p = 0; p < partitions; ++p) {
        const auto first = rng.between(1, 3);
        s += (p ? "," : "") + std::to_string(first) + ":" + std::to_string(first % 3 + 1) + ":" +
             std::to_string((first + 1) % 3 + 1);
    }
    return s;
}

KafkaPlan makePlan(uint64_t seed, const std::string& dlqFile) {
    test::Rng rng(seed);
    KafkaPlan plan;
    plan.seed = seed;
    const int partitions = static_cast<int>(rng.between(1, 3));
    std::map<std::string, std::string> configs = {{"min.insync.replicas", rng.chance(1, 2) ? "2" : "1"}};
    const bool tooLarge = rng.chance(1, 3);
    if (tooLarge) configs["max.message.bytes"] = "512";
    plan.layout = replicaLayout(rng, partitions);
    plan.topic = topicSpec(uniqueTopic("chaos-" + std::to_string(seed)), plan.layout, configs);

    RunSpec& s = plan.spec;
    s.cluster.kind = ClusterChoice::Kind::Local;
    // Real Kafka elects a new leader in seconds: delivery timeouts long enough to live through one, or not.
    s.profiles.push_back(test::randomProfile(rng, 0, {3000, 12000}));
    TrafficSpec& t = s.traffic;
    t.topic = plan.topic.name;
    t.partitions = partitions;
    t.rate = static_cast<double>(rng.pick<int64_t>({500, 1000, 2000}));
    t.messages = rng.between(200, static_cast<int64_t>(t.rate) * 4);
    t.valueSize = tooLarge ? rng.pick<int64_t>({100, 2000}) : rng.pick<int64_t>({0, 100, 1000});
    t.keys = rng.pick<TrafficSpec::KeyMode>({TrafficSpec::KeyMode::None, TrafficSpec::KeyMode::Random});
    t.keySpace = rng.between(1, 50);
    const int64_t trafficMs = static_cast<int64_t>(static_cast<double>(t.messages) * 1000.0 / t.rate);

    // One node down at a time, 3 s apart: the three nodes are also the KRaft controllers, and with the others down a
    // restarted node cannot register and exits (seed 849884943 killed all three within 1.3 s; the cluster never came
    // back and the test waited out ctest's 600 s). A fault that would start while an earlier one lasts moves after
    // it, and one that then falls after the traffic is left out (it would never fire).
    const auto faults = rng.between(1, 3);
    int64_t freeFrom = 0;
    for (int64_t i = 0; i < faults; ++i) {
        const std::string node = rng.chance(1, 2) ? std::string("leader") : std::to_string(rng.between(1, 3));
        const std::string kind = rng.chance(1, 2) ? "kill" : "stop";
        const int64_t at = std::max(rng.between(0, trafficMs), freeFrom);
        const int64_t forMs = rng.between(500, 4000);
        if (i > 0 && at > trafficMs) continue;
        freeFrom = at + forMs + 3000;
        s.faults.push_back(FaultSpec::parse(kind + " broker=" + node + " at=" + std::to_string(at) + "ms for=" +
                                            std::to_string(forMs) + "ms"));
    }
    const int64_t faultsBeyondTrafficMs = std::max<int64_t>(0, freeFrom - trafficMs);
    s.dlqTopic = kChaosDlqTopic;
    s.dlqFile = dlqFile;

    // Sending, the drain bound (delivery.timeout.ms + reconnect.backoff.max.ms + 5 s), the fatal wait, the purge,
    // the DLQ writer's close, and 20 s for what a real cluster adds (a restart that is still starting when its
    // `for=` ends is waited for by the fault scheduler).
    const auto& p = s.profiles.front();
    plan.boundMs = trafficMs + std::stoll(*p.get("delivery.timeout.ms")) +
                   std::stoll(*p.get("reconnect.backoff.max.ms")) + 5000 + 2000 + 1000 + 5000 + 20'000 + faultsBeyondTrafficMs;

    std::ostringstream o;
    o << "seed " << seed << ": topic " << plan.topic.name << " layout " << plan.layout << " "
      << nlohmann::json(configs).dump() << "; traffic " << t.toJson().dump() << "\n";
    plan.text = o.str() + test::describeDraw(s.profiles, s.faults);
    return plan;
}

TEST(ChaosKafka, ProcessFaultsKeepEveryInvariant) {
    REQUIRE_LOCAL_PROCESSES();
    LocalKafkaCluster local;
    ASSERT_NO_THROW(ensureTopic(c.kafka, topicSpec(kChaosDlqTopic, "1:2:3", {{"min.insync.replicas", "1"}})));
    const std::string dir = ::testing::TempDir() + "acklab-chaos-kafka-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    const bool replay = !env("ACKLAB_CHAOS_SEED").empty();
    const uint64_t runs = replay ? 1 : envNumber("ACKLAB_CHAOS_RUNS", 3);
    const uint64_t base = replay ? envNumber("ACKLAB_CHAOS_SEED", 0)
                                 : static_cast<uint64_t>(Clock::now().time_since_epoch().count()) % 1'000'000'000ULL;
    std::cout << "chaos (Local Kafka): first seed " << base << " (replay one with ACKLAB_CHAOS_SEED=<seed>)"
              << std::endl;

    for (uint64_t seed = base; seed < base + runs; ++seed) {
        const KafkaPlan plan = makePlan(seed, dir + "/dlq-" + std::to_string(seed) + ".jsonl");
        std::cout << plan.text << std::flush;
        SCOPED_TRACE("chaos seed " + std::to_string(seed) + " (replay: ACKLAB_CHAOS_SEED=" + std::to_string(seed) +
                     ")\n" + plan.text);
        ASSERT_NO_THROW(createTopicAndWait(c.kafka, plan.topic));
        RestoreOnExit restore(c.kafka, {plan.topic.name, kChaosDlqTopic});

        RunSession session(plan.spec, &local);
        const auto t0 = Clock::now();
        session.start();
        const bool inTime = session.run(0).wait(std::chrono::milliseconds(plan.boundMs));
        if (!inTime) session.requestStop();
        session.wait();
        const auto tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
        EXPECT_TRUE(inTime) << "the run outlasted its bound of " << plan.boundMs << " ms";

        // Every fault had for=: the scheduler restarted what it killed and continued what it stopped.
        EXPECT_EQ(c.kafka.status().running(), 3) << "a node was left down by the fault timeline";

        const auto records = collectRecords(session);
        ASSERT_EQ(records.size(), 1u);
        const RunResult& r = records[0].result;
        std::cout << "  -> run " << tookMs << " ms (bound " << plan.boundMs << " ms): " << summary(r) << std::endl;
        for (const auto& f : records[0].faults)
            std::cout << "  fault @" << f.atMs << "ms " << f.spec << ": " << f.result << "\n";
        EXPECT_TRUE(r.error.empty()) << r.error;
        expectAccounting(r);
        EXPECT_EQ(r.counters.callbackErrors, 0u);
        uint64_t permanent = 0;
        for (const auto& e : r.errors)
            if (e.errorClass == "permanent") permanent += e.count;
        EXPECT_EQ(r.counters.dlqLost, 0u);
        EXPECT_EQ(r.counters.dlqTopic + r.counters.dlqFile, permanent) << "the DLQ holds every permanent failure";

        // The DLQ topic is read once the cluster is whole again (a stopped node may hold its only leader).
        EXPECT_EQ(restoreCluster(c.kafka, {kChaosDlqTopic}), "");
        EXPECT_EQ(readDlqEnvelopes(c.bootstrap, kChaosDlqTopic, r.runId).size(), r.counters.dlqTopic);
        const DlqReadResult file = DlqReader::readFile(plan.spec.dlqFile);
        ASSERT_TRUE(file.ok) << file.error;
        uint64_t inFile = 0;
        for (const auto& rec : file.records) inFile += rec.runId == r.runId ? 1 : 0;
        EXPECT_EQ(inFile, r.counters.dlqFile);

        EXPECT_EQ(test::validateReports({reportJson(records[0])}, dir, "seed-" + std::to_string(seed)), "");
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace acklab
