// Chaos property test on the embedded cluster: seeded random fault timelines (down/up, round trips, errors of
// every class, leader moves, bursts) × random valid profiles (acks 0/1/all, idempotence, retries, short timeouts)
// × traffic shapes (rate, size, keys, count or duration), sometimes stopped by the user midway. Whatever happens,
// every run must
//   - end within its bound (planned traffic time + the drain bound + the fixed end-of-run bounds),
//   - account for every message: sent == delivered + failed + in_flight_at_end,
//   - put exactly its permanent failures in the DLQ: in the topic (read back) and in the fallback file,
//   - give a report (and a compare report) that validates against resources/report.schema.json.
// Crashes and races are the sanitizer passes' to find: scripts/test.sh runs this test under ASan and TSan too.
//
// Seeds run until a time budget is spent (docs/chaos.md). Every seed is printed; a failure names its seed.
//   ACKLAB_CHAOS_SEED=<n>    replay that one seed only
//   ACKLAB_CHAOS_RUNS=<n>    run exactly n seeds, whatever the time
//   ACKLAB_CHAOS_BUDGET_S=<s> no new seed starts after this (default 45 s; at least one seed runs)
//   ACKLAB_CHAOS_BASE=<n>    the first seed (default: from the clock, printed)
#include "ChaosSupport.h"
#include "ReportSchemaSupport.h"
#include "RunTestSupport.h"

#include "dlq/DlqReader.h"
#include "metrics/ErrorClassifier.h"
#include "scenario/RunRecords.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace acklab {
namespace {

using test::kFatal;
using test::kPermanent;
using test::kTransient;
using test::envNumber;
using test::Rng;

struct Plan {
    uint64_t seed = 0;
    RunSpec spec;
    bool restores = true;    // every down and rtt fault ends by itself (for=), so the cluster is whole at the end
    int64_t trafficMs = 0;   // planned sending time
    int64_t stopAtMs = -1;   // >= 0: the user stops the session then (as the window's Stop does)
    int64_t boundMs = 0;     // start() to wait() must take no longer
    std::string text;        // what was drawn, for the failure message
};

std::string randomFault(Rng& rng, const Plan& plan, int64_t atMs) {
    const int brokers = plan.spec.cluster.brokers;
    auto broker = [&] { return rng.chance(1, 3) ? std::string("leader") : std::to_string(rng.between(1, brokers)); };
    const std::string at = " at=" + std::to_string(atMs) + "ms";
    switch (rng.between(0, 5)) {
        case 0: {  // down, usually for a while
            std::string f = "down broker=" + broker() + at;
            if (plan.restores || rng.chance(4, 5)) f += " for=" + std::to_string(rng.between(100, 2500)) + "ms";
            return f;
        }
        case 1: return "up broker=" + broker() + at;
        case 2: {
            std::string f = "rtt broker=" + broker() + " ms=" + std::to_string(rng.between(5, 1500)) + at;
            if (plan.restores || rng.chance(4, 5)) f += " for=" + std::to_string(rng.between(100, 2000)) + "ms";
            return f;
        }
        case 3: {  // an error of one class; sometimes a burst that outlasts every retry
            const int cls = static_cast<int>(rng.between(0, 2));
            const std::string& code = rng.pick(cls == 0 ? kTransient : cls == 1 ? kPermanent : kFatal);
            const int64_t count = rng.chance(1, 4) ? rng.between(100, 3000) : rng.between(1, 20);
            std::string f = "error code=" + code + " count=" + std::to_string(count);
            if (rng.chance(1, 2)) f += " broker=" + broker();
            return f + at;
        }
        case 4:
            return "leader partition=" + std::to_string(rng.between(0, plan.spec.traffic.partitions - 1)) +
                   " broker=" + std::to_string(rng.between(1, brokers)) + at;
        default: {  // a burst: two errors of different classes at the same moment
            const std::string a = rng.pick(kTransient), b = rng.pick(rng.chance(1, 2) ? kPermanent : kFatal);
            return "error code=" + a + " count=" + std::to_string(rng.between(5, 50)) + at + "\nerror code=" + b +
                   " count=" + std::to_string(rng.between(5, 50)) + at;
        }
    }
}

Plan makePlan(uint64_t seed, const std::string& dlqFile) {
    Rng rng(seed);
    Plan plan;
    plan.seed = seed;
    RunSpec& s = plan.spec;
    s.cluster.kind = ClusterChoice::Kind::Embedded;
    s.cluster.brokers = static_cast<int>(rng.between(1, 4));
    s.cluster.rttMs = static_cast<int>(rng.pick<int64_t>({0, 0, 2, 5}));
    TrafficSpec& t = s.traffic;
    t.topic = "chaos";
    t.partitions = static_cast<int>(rng.between(1, 4));
    const bool byDuration = rng.chance(1, 4);
    t.rate = static_cast<double>(rng.pick<int64_t>({0, 200, 500, 1000, 3000}));
    if (byDuration) {
        if (t.rate == 0) t.rate = 1000;
        t.durationMs = rng.between(300, 2000);
        plan.trafficMs = t.durationMs;
    } else {
        t.messages = rng.between(1, t.rate == 0 ? 2000 : 3000);
        if (t.rate > 0) t.messages = std::min<int64_t>(t.messages, static_cast<int64_t>(t.rate * 2));
        // Unthrottled: what librdkafka takes in well under a second; a second allowed (more under sanitizers).
        plan.trafficMs = t.rate > 0 ? static_cast<int64_t>(static_cast<double>(t.messages) * 1000.0 / t.rate) : 1000;
    }
    if (rng.chance(1, 4)) t.valueTemplate = TrafficSpec::taskCreatedTemplate();
    else t.valueSize = rng.pick<int64_t>({0, 1, 16, 100, 1000, 10'000});
    t.keys = rng.pick<TrafficSpec::KeyMode>(
        {TrafficSpec::KeyMode::None, TrafficSpec::KeyMode::Sequential, TrafficSpec::KeyMode::Random});
    t.keySpace = rng.between(1, 100);

    const auto profiles = static_cast<size_t>(rng.between(1, 3));
    for (size_t i = 0; i < profiles; ++i) s.profiles.push_back(test::randomProfile(rng, i, {600, 3000}));

    plan.restores = rng.chance(2, 3);
    const auto faults = rng.between(0, 6);
    for (int64_t i = 0; i < faults; ++i) {
        std::istringstream lines(randomFault(rng, plan, rng.between(0, std::max<int64_t>(plan.trafficMs, 1))));
        for (std::string line; std::getline(lines, line);) s.faults.push_back(FaultSpec::parse(line));
    }

    const int64_t messages = byDuration ? static_cast<int64_t>(t.rate) * t.durationMs / 1000 : t.messages;
    const int64_t bytes = messages * (t.valueTemplate.empty() ? t.valueSize + 64 : 400);
    // The audit and the live tracker read the topic back: only when the cluster is whole at the end and the run
    // fits the mock's retention (docs/embedded-cluster.md).
    s.audit = plan.restores && bytes < 4 * 1024 * 1024 && rng.chance(1, 3);
    s.e2e = plan.restores && bytes < 4 * 1024 * 1024 && rng.chance(1, 4);
    s.e2eGraceMs = 1000;
    s.statisticsIntervalMs = rng.pick<int64_t>({200, 1000});
    s.dlqFile = dlqFile;

    // The bound: sending, then ProducerRun's drain (delivery.timeout.ms + reconnect.backoff.max.ms + 5 s), the
    // fatal-error wait (2 s), the purge (1 s), the DLQ writer's close (5 s), the tracker's grace, 5 s of slack.
    int64_t drain = 0;
    for (const auto& p : s.profiles)
        drain = std::max<int64_t>(drain, std::stoll(*p.get("delivery.timeout.ms")) +
                                             std::stoll(*p.get("reconnect.backoff.max.ms")) + 5000);
    plan.boundMs = plan.trafficMs + drain + 2000 + 1000 + 5000 + (s.e2e ? s.e2eGraceMs + 5000 : 0) + 5000;

    if (rng.chance(1, 6)) plan.stopAtMs = rng.between(0, plan.trafficMs);

    std::ostringstream o;
    o << "seed " << seed << ": " << s.cluster.brokers << " broker(s), rtt " << s.cluster.rttMs << " ms; traffic "
      << t.toJson().dump() << (s.audit ? "; audit" : "") << (s.e2e ? "; e2e" : "")
      << (plan.stopAtMs >= 0 ? "; user stop at " + std::to_string(plan.stopAtMs) + " ms" : "") << "\n";
    plan.text = o.str() + test::describeDraw(s.profiles, s.faults);
    return plan;
}

std::string chaosDir() {
    return ::testing::TempDir() + "acklab-chaos-" + std::to_string(::getpid());
}

// Runs one plan and checks every invariant; returns what broke (empty when all held).
std::vector<std::string> runPlan(const Plan& plan, int64_t& runMs) {
    std::vector<std::string> broken;
    auto check = [&](bool ok, const std::string& what) {
        if (!ok) broken.push_back(what);
    };
    std::filesystem::remove(plan.spec.dlqFile);
    RunSession session(plan.spec);
    const auto t0 = std::chrono::steady_clock::now();
    session.start();
    if (plan.stopAtMs >= 0) {
        session.run(0).wait(std::chrono::milliseconds(plan.stopAtMs));
        session.requestStop();
    }
    session.wait();
    const auto tookMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    runMs = tookMs;
    check(tookMs <= plan.boundMs,
          "took " + std::to_string(tookMs) + " ms, bound " + std::to_string(plan.boundMs) + " ms");

    // The scheduler undid every `for=` fault when the session ended: with such a timeline, the cluster is whole.
    if (plan.restores)
        for (size_t i = 0; i < session.size(); ++i)
            for (const auto& b : session.cluster(i).view(plan.spec.traffic.topic).brokers)
                check(b.state == "up", "broker " + std::to_string(b.id) + " of run " + std::to_string(i) +
                                           " left '" + b.state + "' though every fault had for=");

    const auto records = collectRecords(session, plan.spec.audit, 10'000);
    // Whole again, so the DLQ topic can be read back whatever the timeline left down or slow.
    for (size_t i = 0; i < session.size(); ++i)
        for (int b = 1; b <= plan.spec.cluster.brokers; ++b) {
            session.cluster(i).applyFault(FaultSpec::parse("up broker=" + std::to_string(b)), plan.spec.traffic.topic);
            session.cluster(i).applyFault(FaultSpec::parse("rtt broker=" + std::to_string(b) + " ms=0"),
                                          plan.spec.traffic.topic);
        }
    const DlqReadResult file = DlqReader::readFile(plan.spec.dlqFile);
    check(file.ok, "DLQ file " + plan.spec.dlqFile + " unreadable: " + file.error);

    std::vector<nlohmann::json> reports;
    for (size_t i = 0; i < records.size(); ++i) {
        const RunResult& r = records[i].result;
        const auto& c = r.counters;
        const std::string who = "[" + r.profileName + "] ";
        check(r.error.empty(), who + "run error: " + r.error);
        check(c.sent == c.delivered + c.failed + r.inFlightAtEnd,
              who + "sent " + std::to_string(c.sent) + " != delivered " + std::to_string(c.delivered) + " + failed " +
                  std::to_string(c.failed) + " + in flight at end " + std::to_string(r.inFlightAtEnd));
        check(c.callbackErrors == 0, who + std::to_string(c.callbackErrors) + " callback(s) threw");
        uint64_t permanent = 0, failedByError = 0;
        for (const auto& e : r.errors) {
            failedByError += e.count;
            if (e.errorClass == "permanent") permanent += e.count;
        }
        check(failedByError == c.failed, who + "errors add up to " + std::to_string(failedByError) + ", failed " +
                                             std::to_string(c.failed));
        check(c.dlqLost == 0, who + std::to_string(c.dlqLost) + " DLQ envelope(s) lost");
        check(c.dlqTopic + c.dlqFile == permanent,
              who + "DLQ " + std::to_string(c.dlqTopic) + " (topic) + " + std::to_string(c.dlqFile) +
                  " (file) != permanent failures " + std::to_string(permanent));
        if (!plan.spec.dlqTopic.empty()) {
            const int64_t inTopic =
                test::countDlqEnvelopes(session.cluster(i).bootstrapServers(), plan.spec.dlqTopic, r.runId);
            // The mock keeps 5 MiB per partition and drops older records silently (docs/embedded-cluster.md): the
            // topic holds every envelope only while they fit. An envelope is at most twice its value plus 2 KB.
            const auto& t = plan.spec.traffic;
            const uint64_t envelopeMax = 2 * static_cast<uint64_t>(t.valueTemplate.empty() ? t.valueSize : 400) + 2048;
            const bool fits = c.dlqTopic * envelopeMax < 4 * 1024 * 1024;
            check(fits ? inTopic == static_cast<int64_t>(c.dlqTopic)
                       : inTopic > 0 && inTopic <= static_cast<int64_t>(c.dlqTopic),
                  who + "DLQ topic holds " + std::to_string(inTopic) + " envelope(s), the run counted " +
                      std::to_string(c.dlqTopic) + (fits ? "" : " (more than the mock's retention holds)"));
        }
        uint64_t inFile = 0;
        for (const auto& rec : file.records) inFile += rec.runId == r.runId ? 1 : 0;
        check(inFile == c.dlqFile, who + "DLQ file holds " + std::to_string(inFile) + " envelope(s), the run counted " +
                                       std::to_string(c.dlqFile));
        if (records[i].audit) check(records[i].audit->ok, who + "audit not completed: " + records[i].audit->error);
        reports.push_back(reportJson(records[i]));
    }
    if (records.size() > 1) reports.push_back(compareJson(records));
    const std::string invalid = test::validateReports(reports, chaosDir(), "seed-" + std::to_string(plan.seed));
    check(invalid.empty(), "report does not validate against report.schema.json:\n" + invalid);
    return broken;
}

// Seeds that once broke an invariant, replayed on every run.
void replaySeed(uint64_t seed) {
    const std::string dir = chaosDir();
    std::filesystem::create_directories(dir);
    const Plan plan = makePlan(seed, dir + "/dlq.jsonl");
    std::cout << plan.text;
    int64_t runMs = 0;
    const auto broken = runPlan(plan, runMs);
    std::string all;
    for (const auto& b : broken) all += "\n  " + b;
    EXPECT_TRUE(broken.empty()) << all;
    std::filesystem::remove_all(dir);
}

TEST(Chaos, Seed1079LeaderDownThenMovedIsUndoneOnTheBrokerItHit) {
    // "down broker=leader at=887ms for=946ms" then "leader partition=0 broker=2 at=1212ms": the undo re-resolved
    // `leader` to broker 2 and broker 1 stayed down; the live tracker then waited a minute for it (FaultScheduler).
    replaySeed(1079);
}

TEST(Chaos, Seed2028ThreeWritersKeepTheirFallbackLinesWhole) {
    // Three profiles, one broker, 10 KB values and permanent errors: three DLQ writers appended 10 KB envelopes to one
    // fallback file at once, lines were split by each other's and the file held fewer than counted (DlqWriter).
    replaySeed(2028);
}

TEST(Chaos, Seed704138142SingleRecordBatchesAreAuditedToTheEnd) {
    // acks=1 with linger.ms=0 at 1,000 msgs/s on a 5 ms network: 1,909 batches of one record each. The embedded
    // cluster answers a Fetch with one batch, so the audit read one record per round trip and its fixed 10 s total
    // ran out at offset 1,805 of 1,909 (Auditor: the bound is now on a stall, not on the whole read).
    replaySeed(704138142);
}

TEST(Chaos, RandomFaultsProfilesAndTrafficKeepEveryInvariant) {
    const std::string dir = chaosDir();
    std::filesystem::create_directories(dir);
    const std::string dlqFile = dir + "/dlq.jsonl";
    std::vector<uint64_t> seeds;
    const bool replay = std::getenv("ACKLAB_CHAOS_SEED") != nullptr;
    const uint64_t runs = envNumber("ACKLAB_CHAOS_RUNS", 0);
    const auto budget = std::chrono::seconds(envNumber("ACKLAB_CHAOS_BUDGET_S", 45));
    const uint64_t base = replay ? envNumber("ACKLAB_CHAOS_SEED", 0)
                                 : envNumber("ACKLAB_CHAOS_BASE", static_cast<uint64_t>(std::chrono::system_clock::now()
                                                                                           .time_since_epoch()
                                                                                           .count()) %
                                                                      1'000'000'000ULL);
    std::cout << "chaos: first seed " << base << " (replay one with ACKLAB_CHAOS_SEED=<seed>)" << std::endl;
    const auto start = std::chrono::steady_clock::now();
    uint64_t done = 0, failedRuns = 0;
    for (uint64_t seed = base;; ++seed) {
        const Plan plan = makePlan(seed, dlqFile);
        if (replay && done == 1) break;
        if (!replay && runs > 0 && done == runs) break;
        // A seed starts while the budget lasts: with the last seed's bound and checks, the test stays within
        // ctest's 120 s even under the sanitizers.
        if (!replay && runs == 0 && done >= 1 && std::chrono::steady_clock::now() - start >= budget) break;
        std::cout << plan.text << std::flush;
        const auto t = std::chrono::steady_clock::now();
        int64_t runMs = 0;
        const auto broken = runPlan(plan, runMs);
        ++done;
        std::cout << "  -> " << (broken.empty() ? "ok" : "BROKEN") << ": run " << runMs << " ms (bound "
                  << plan.boundMs << " ms), with the checks "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count()
                  << " ms" << std::endl;
        if (!broken.empty()) {
            ++failedRuns;
            std::string all;
            for (const auto& b : broken) all += "\n  " + b;
            ADD_FAILURE() << "chaos seed " << seed << " broke an invariant (replay: ACKLAB_CHAOS_SEED=" << seed
                          << ")\n" << plan.text << all;
        }
    }
    std::cout << "chaos: " << done << " run(s), " << failedRuns << " broken, in "
              << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count()
              << " s" << std::endl;
    RecordProperty("chaos_runs", static_cast<int>(done));
    EXPECT_GE(done, runs > 0 && !replay ? runs : 1u);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace acklab
