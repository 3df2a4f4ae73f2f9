// advise: the lesson's three event types get the lesson's settings (and the reasons), the other rules, and one
// verify run on the embedded cluster.
#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "advise/AdviceVerifier.h"
#include "advise/Advisor.h"
#include "profile/ProfileValidator.h"

#include <cstdio>
#include <filesystem>

namespace acklab {
namespace {

Requirements req(int64_t latency, const std::string& loss, bool duplicatesOk, double rate, int brokers = 3) {
    Requirements r;
    r.maxLatencyMs = latency;
    r.lossTolerance = Requirements::parseLoss(loss);
    r.duplicatesOk = duplicatesOk;
    r.peakRate = rate;
    r.brokers = brokers;
    return r;
}

std::string get(const Advice& a, const std::string& key) { return a.profile.get(key).value_or("<unset>"); }

int64_t num(const Advice& a, const std::string& key) { return std::stoll(a.profile.get(key).value_or("-1")); }

void expectValidAndTimeoutsAddUp(const Advice& a) {
    const auto v = validateProfile(a.profile);
    EXPECT_TRUE(v.ok()) << v.summary();
    EXPECT_GE(num(a, "delivery.timeout.ms"), num(a, "linger.ms") + num(a, "request.timeout.ms"))
        << "delivery.timeout.ms >= linger.ms + request.timeout.ms";
    EXPECT_EQ(a.reasons.size(), a.profile.properties().size()) << "one reason per setting";
    for (const auto& s : a.reasons) EXPECT_FALSE(s.why.empty()) << s.key;
}

// "Task creation events: must never be lost, but 50ms latency is acceptable".
TEST(Advisor, TaskEventsNeverLostGetAcksAllIdempotenceAndTheLessonsTimeouts) {
    const Advice a = advise(req(50, "none", false, 200));
    EXPECT_EQ(get(a, "acks"), "all");
    EXPECT_EQ(get(a, "enable.idempotence"), "true");
    EXPECT_EQ(get(a, "max.in.flight.requests.per.connection"), "5");
    EXPECT_EQ(get(a, "retries"), "2147483647");
    EXPECT_EQ(get(a, "delivery.timeout.ms"), "120000");
    EXPECT_EQ(get(a, "request.timeout.ms"), "30000");
    EXPECT_LE(num(a, "linger.ms"), 5) << "within 50 ms after acks=all's ~30 ms";
    EXPECT_EQ(a.topic.at(0).value, "3");
    EXPECT_EQ(a.topic.at(1).value, "2");
    expectValidAndTimeoutsAddUp(a);
    EXPECT_NE(adviceText(a).find("acks=all"), std::string::npos);
}

// "Task analytics events: loss is acceptable for up to 0.1% of events".
TEST(Advisor, AnalyticsMayLoseATenthOfAPercentGetAcksOne) {
    const Advice a = advise(req(1000, "0.1%", true, 500));
    EXPECT_EQ(get(a, "acks"), "1");
    EXPECT_EQ(get(a, "enable.idempotence"), "false");
    EXPECT_EQ(get(a, "delivery.timeout.ms"), "30000");
    EXPECT_EQ(get(a, "request.timeout.ms"), "10000");
    expectValidAndTimeoutsAddUp(a);
    ASSERT_FALSE(a.warnings.empty());
}

// "Real-time activity metrics: high volume (1000/sec), individual loss is fine".
TEST(Advisor, MetricsAtAThousandASecondMayLoseAnythingGetAcksZero) {
    const Advice a = advise(req(1000, "any", true, 1000));
    EXPECT_EQ(get(a, "acks"), "0");
    EXPECT_EQ(get(a, "enable.idempotence"), "false");
    EXPECT_EQ(get(a, "retries"), "<unset>") << "acks=0 has nothing to retry";
    EXPECT_GE(num(a, "linger.ms"), 10) << "batching at 1,000 msgs/s";
    EXPECT_EQ(get(a, "compression.type"), "lz4");
    expectValidAndTimeoutsAddUp(a);
}

TEST(Advisor, NoDuplicatesRaisesAcksOneToAllForIdempotence) {
    const Advice a = advise(req(1000, "0.1%", false, 500));
    EXPECT_EQ(get(a, "acks"), "all");
    EXPECT_EQ(get(a, "enable.idempotence"), "true");
    EXPECT_NE(a.reasons.front().why.find("Raised to all"), std::string::npos) << a.reasons.front().why;
    expectValidAndTimeoutsAddUp(a);
}

TEST(Advisor, OrderingWithoutIdempotenceKeepsOneRequestInFlight) {
    Requirements r = req(1000, "0.1%", true, 500);
    r.orderingNeeded = true;
    const Advice a = advise(r);
    EXPECT_EQ(get(a, "max.in.flight.requests.per.connection"), "1");
    expectValidAndTimeoutsAddUp(a);
}

TEST(Advisor, IdempotentConsumersTakeTheLessonsShorterTimeout) {
    Requirements r = req(200, "none", true, 200);
    r.consumersIdempotent = true;
    const Advice a = advise(r);
    EXPECT_EQ(get(a, "acks"), "all");
    EXPECT_EQ(get(a, "enable.idempotence"), "true");
    EXPECT_EQ(get(a, "delivery.timeout.ms"), "30000");
    expectValidAndTimeoutsAddUp(a);
}

TEST(Advisor, FewBrokersAndTightLatencyAreSaid) {
    const Advice one = advise(req(50, "none", false, 100, 1));
    EXPECT_EQ(one.topic.at(0).value, "1");
    ASSERT_FALSE(one.warnings.empty());
    EXPECT_NE(one.warnings.back().find("cannot be promised on 1 broker"), std::string::npos);
    const Advice tight = advise(req(10, "none", false, 100));
    EXPECT_EQ(num(tight, "linger.ms"), 0);
    ASSERT_FALSE(tight.warnings.empty());
    EXPECT_NE(tight.warnings.front().find("below what acks=all typically takes"), std::string::npos);
}

TEST(Advisor, BadRequirementsAreRefusedByName) {
    EXPECT_THROW(Requirements::parseLoss("lots"), RequirementsError);
    EXPECT_THROW(Requirements::parseLoss("200%"), RequirementsError);
    EXPECT_DOUBLE_EQ(Requirements::parseLoss("0.1%"), 0.001);
    EXPECT_DOUBLE_EQ(Requirements::parseLoss("0.001"), 0.001);
    Requirements r = req(50, "none", false, 100);
    r.peakRate = 0;
    r.brokers = 0;
    try {
        advise(r);
        FAIL() << "accepted";
    } catch (const RequirementsError& e) {
        EXPECT_NE(std::string(e.what()).find("peak rate"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("brokers"), std::string::npos);
    }
}

TEST(Advisor, CliSavesAProfileThatLoadsBack) {
    const std::string file = ::testing::TempDir() + "acklab-advised-" + std::to_string(::getpid()) + ".json";
    std::filesystem::remove(file);
    const auto out = test::runCli({"advise", "--latency-ms", "50", "--loss", "none", "--duplicates", "no", "--rate", "200",
                                      "--brokers", "3", "--name", "task-events", "--save", file});
    EXPECT_EQ(out.status, 0) << out.out;
    EXPECT_NE(out.out.find("enable.idempotence=true"), std::string::npos) << out.out;
    const ProducerProfile p = ProducerProfile::loadFile(file);
    EXPECT_EQ(p.name(), "task-events");
    EXPECT_EQ(p.get("acks").value_or(""), "all");
    EXPECT_NE(p.note().find("loss none"), std::string::npos) << p.note();
    EXPECT_EQ(test::runCli({"advise", "--latency-ms", "50", "--loss", "lots", "--duplicates", "no", "--rate", "1"}).status, 2);
    EXPECT_EQ(test::runCli({"advise", "--loss", "none", "--duplicates", "no", "--rate", "1"}).status, 2);
    std::filesystem::remove(file);
}

// The task-events advice through a leader down on the embedded cluster: nothing lost, nothing duplicated. (Latency is
// measured and reported, not asserted: it depends on the machine's load.)
TEST(Advisor, VerifyOnTheEmbeddedClusterLosesNothingForTaskEvents) {
    const Advice a = advise(req(50, "none", false, 200));
    VerifyOptions o;
    o.cluster.kind = ClusterChoice::Kind::Embedded;
    o.cluster.brokers = 3;
    o.faultRunMs = 10000;
    o.steadyRunMs = 3000;
    const VerifyResult v = verifyAdvice(a, o, nullptr);
    std::cout << verifyText(a, v);
    ASSERT_TRUE(v.error.empty()) << v.error;
    ASSERT_EQ(v.faults.size(), 2u);
    EXPECT_TRUE(v.faults[0].ok) << v.faults[0].result;
    EXPECT_EQ(v.sent, 2000u);
    ASSERT_TRUE(v.audit.has_value());
    EXPECT_EQ(v.audit->read, 2000u);
    EXPECT_EQ(v.lost, 0u);
    EXPECT_TRUE(v.lossHeld);
    EXPECT_TRUE(v.duplicatesHeld);
    EXPECT_GT(v.steadyMeasured, 0u);
    EXPECT_EQ(v.latencyHeld, v.steadyP99Ms <= 50.0);
    EXPECT_EQ(v.held(), v.latencyHeld);
}

}  // namespace
}  // namespace acklab
