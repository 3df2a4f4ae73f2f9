// ProducerRun on the embedded cluster: injected errors are classified and permanent ones reach the DLQ, the
// accounting invariant holds under every fault kind, acks=0 reports no offsets, stops are bounded.
#include "RunTestSupport.h"

#include "dlq/DlqReader.h"
#include "metrics/ErrorClassifier.h"
#include "traffic/MessageTag.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace acklab {
namespace {

using test::embeddedSpec;
using test::expectAccounting;

const ErrorCount* findError(const RunResult& r, const std::string& name) {
    for (const auto& e : r.errors)
        if (e.name == name) return &e;
    return nullptr;
}

struct InjectedError {
    const char* pushed;    // what the mock answers Produce with
    const char* reported;  // what the delivery report says (librdkafka may turn some into timeouts)
};

class InjectedErrorTest : public ::testing::TestWithParam<InjectedError> {};

// Every Produce error the mock can answer with: retries=0 makes the first answer final, so each message fails
// with it (or, for the metadata-refresh errors librdkafka keeps retrying internally, with _MSG_TIMED_OUT).
TEST_P(InjectedErrorTest, IsClassifiedCountedAndPermanentOnesReachTheDlq) {
    const auto param = GetParam();
    auto spec = embeddedSpec("critical", {{"retries", "0"}, {"delivery.timeout.ms", "2000"}}, 40, 400,
                             {std::string("error code=") + param.pushed + " count=500 at=0s"}, 3, 1);
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_EQ(r.counters.sent, 40u);
    EXPECT_EQ(r.counters.failed, 40u) << "every message met the injected error";

    const ErrorCount* e = findError(r, param.reported);
    ASSERT_NE(e, nullptr) << "expected failures reported as " << param.reported;
    EXPECT_EQ(e->count, 40u);
    rd_kafka_resp_err_t code{};
    ASSERT_TRUE(ErrorClassifier::parse(param.reported, code));
    const auto cls = ErrorClassifier::classOf(code);
    EXPECT_EQ(e->errorClass, std::string(toString(cls)));
    // librdkafka retried what the broker answered; the report names it even when the final error differs.
    rd_kafka_resp_err_t pushed{};
    ASSERT_TRUE(ErrorClassifier::parse(param.pushed, pushed));
    EXPECT_TRUE(r.retriedRequests.count(ErrorClassifier::name(pushed))) << "request-level errors are counted";

    if (cls == ErrorClass::Permanent) {
        EXPECT_EQ(r.counters.dlq(), 40u);
        std::vector<std::string> names;
        EXPECT_EQ(test::countDlqEnvelopes(session.cluster(0).bootstrapServers(), "dead-letter-queue", r.runId, &names), 40);
        ASSERT_FALSE(names.empty());
        EXPECT_EQ(names.front(), param.reported);
    } else {
        EXPECT_EQ(r.counters.dlq(), 0u) << "transient and fatal failures are not DLQ'd";
    }
}

INSTANTIATE_TEST_SUITE_P(
    MockProduceErrors, InjectedErrorTest,
    ::testing::Values(InjectedError{"NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS"},
                      InjectedError{"NOT_ENOUGH_REPLICAS_AFTER_APPEND", "NOT_ENOUGH_REPLICAS_AFTER_APPEND"},
                      InjectedError{"REQUEST_TIMED_OUT", "REQUEST_TIMED_OUT"},
                      InjectedError{"KAFKA_STORAGE_ERROR", "KAFKA_STORAGE_ERROR"},
                      InjectedError{"NETWORK_EXCEPTION", "NETWORK_EXCEPTION"},
                      InjectedError{"THROTTLING_QUOTA_EXCEEDED", "THROTTLING_QUOTA_EXCEEDED"},
                      InjectedError{"NOT_LEADER_FOR_PARTITION", "_MSG_TIMED_OUT"},
                      InjectedError{"LEADER_NOT_AVAILABLE", "_MSG_TIMED_OUT"},
                      InjectedError{"UNKNOWN_TOPIC_OR_PARTITION", "_MSG_TIMED_OUT"},
                      InjectedError{"TOPIC_AUTHORIZATION_FAILED", "TOPIC_AUTHORIZATION_FAILED"},
                      InjectedError{"CLUSTER_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED"},
                      InjectedError{"MSG_SIZE_TOO_LARGE", "MSG_SIZE_TOO_LARGE"},
                      InjectedError{"RECORD_LIST_TOO_LARGE", "RECORD_LIST_TOO_LARGE"},
                      InjectedError{"INVALID_MSG", "INVALID_MSG"},
                      InjectedError{"INVALID_RECORD", "INVALID_RECORD"},
                      InjectedError{"INVALID_REQUIRED_ACKS", "INVALID_REQUIRED_ACKS"},
                      InjectedError{"POLICY_VIOLATION", "POLICY_VIOLATION"},
                      InjectedError{"UNSUPPORTED_VERSION", "UNSUPPORTED_VERSION"}),
    [](const auto& param) { return std::string(param.param.pushed); });

TEST(ProducerRun, RetriesHideAFewTransientErrorsAndCountThem) {
    // The lesson's model: 3 × NOT_ENOUGH_REPLICAS are retried by librdkafka and every message is delivered.
    auto spec = embeddedSpec("critical", {}, 200, 1000, {"error code=NOT_ENOUGH_REPLICAS count=3 at=50ms"}, 2, 1);
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_EQ(r.counters.delivered, 200u);
    EXPECT_EQ(r.counters.failed, 0u);
    ASSERT_TRUE(r.retriedRequests.count("NOT_ENOUGH_REPLICAS"));
    EXPECT_EQ(r.retriedRequests.at("NOT_ENOUGH_REPLICAS"), 3u);
    EXPECT_GE(r.latency.max(), 200'000) << "three retries with 100 ms backoff show in the latency (us)";
}

TEST(ProducerRun, TimeoutNamesTheBrokerErrorThatCausedIt) {
    auto spec = embeddedSpec("critical", {{"delivery.timeout.ms", "800"}}, 100, 500,
                             {"error code=NOT_ENOUGH_REPLICAS count=100000 at=0s"}, 2, 1);
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    ASSERT_NE(findError(r, "_MSG_TIMED_OUT"), nullptr);
    const auto it = std::find_if(r.events.begin(), r.events.end(), [](const RunEvent& e) { return e.name == "_MSG_TIMED_OUT"; });
    ASSERT_NE(it, r.events.end());
    EXPECT_NE(it->message.find("Brokers kept answering NOT_ENOUGH_REPLICAS"), std::string::npos) << it->message;
    EXPECT_FALSE(it->remedy.empty());
}

TEST(ProducerRun, AcksZeroReportsNoOffsetsAndAcksOneDoes) {
    for (const char* preset : {"metrics", "analytics"}) {
        SCOPED_TRACE(preset);
        auto spec = embeddedSpec(preset, {}, 500, 0);
        RunSession session(spec);
        session.start();
        session.wait();
        const RunResult r = session.run(0).result();
        expectAccounting(r);
        EXPECT_EQ(r.counters.delivered, 500u);
        ASSERT_EQ(r.partitions.size(), 1u);
        EXPECT_EQ(r.partitions[0].delivered, 500u);
        if (std::string(preset) == "metrics") {
            EXPECT_EQ(r.counters.offsetsReported, 0u);
            EXPECT_EQ(r.partitions[0].lastOffset, -1) << "acks=0: the broker never says where it wrote";
        } else {
            EXPECT_EQ(r.counters.offsetsReported, 500u);
            EXPECT_EQ(r.partitions[0].lastOffset, 499) << "offsets 0..499 on a fresh partition";
        }
    }
}

TEST(ProducerRun, AcksZeroReportsDeliveryOfMessagesTheLogNeverGot) {
    // acks=0 under injected errors: every report says delivered, the audit finds the loss (the lesson's table).
    auto spec = embeddedSpec("metrics", {}, 300, 1000, {"error code=NOT_ENOUGH_REPLICAS count=20 at=0s"}, 2, 1);
    spec.audit = true;
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_EQ(r.counters.failed, 0u);
    AuditOptions ao{session.cluster(0).bootstrapServers(), {}, "acklab-test", r.runId, 30'000, 5};
    const AuditResult a = auditRun(ao, r.outcomes);
    ASSERT_TRUE(a.ok) << a.error;
    EXPECT_EQ(a.checked, 300u);
    EXPECT_GT(a.lost, 0u) << "acknowledged (acks=0) yet not in the log";
    EXPECT_EQ(a.read + a.lost, 300u);
}

TEST(ProducerRun, AuditOfACleanRunFindsEverything) {
    auto spec = embeddedSpec("critical", {}, 5000, 0, {}, 3, 3);
    spec.audit = true;
    spec.traffic.keys = TrafficSpec::KeyMode::Random;
    spec.traffic.keySpace = 10;
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    AuditOptions ao{session.cluster(0).bootstrapServers(), {}, "acklab-test", r.runId, 30'000, 5};
    const AuditResult a = auditRun(ao, r.outcomes);
    ASSERT_TRUE(a.ok) << a.error;
    EXPECT_EQ(a.checked, 5000u);
    EXPECT_EQ(a.read, 5000u);
    EXPECT_EQ(a.lost, 0u);
    EXPECT_EQ(a.duplicated, 0u);
    EXPECT_EQ(a.reordered, 0u);
}

TEST(ProducerRun, SynchronousRefusalIsAFailureClassifiedAndDlqd) {
    // A value over message.max.bytes is refused by produce() itself.
    auto spec = embeddedSpec("critical", {{"message.max.bytes", "1000"}}, 20, 0);
    spec.traffic.valueSize = 5000;
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_EQ(r.counters.sent, 20u);
    EXPECT_EQ(r.counters.failed, 20u);
    const ErrorCount* e = findError(r, "MSG_SIZE_TOO_LARGE");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->errorClass, "permanent");
    EXPECT_EQ(r.counters.dlq(), 20u);
    EXPECT_EQ(test::countDlqEnvelopes(session.cluster(0).bootstrapServers(), "dead-letter-queue", r.runId), 20);
}

class FaultKindTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FaultKindTest, AccountingInvariantHolds) {
    auto spec = embeddedSpec("critical", {{"delivery.timeout.ms", "1500"}}, 1500, 1000, {GetParam()}, 3, 2);
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_EQ(r.counters.sent, 1500u);
    const auto fired = session.faults(0);
    ASSERT_FALSE(fired.empty());
    EXPECT_TRUE(fired.front().ok) << fired.front().result;
    uint64_t timelineSent = 0, timelineDone = 0;
    for (const auto& p : r.timeline) {
        timelineSent += p.sent;
        timelineDone += p.delivered + p.failed;
    }
    EXPECT_EQ(timelineSent, r.counters.sent) << "the timeline adds up to the totals";
    EXPECT_EQ(timelineDone, r.counters.delivered + r.counters.failed);
}

INSTANTIATE_TEST_SUITE_P(EmbeddedFaults, FaultKindTest,
                         ::testing::Values("down broker=1 at=300ms for=2s", "down broker=leader at=300ms",
                                           "rtt broker=1 ms=40 at=0s for=1s", "rtt broker=leader ms=2000 at=200ms",
                                           "error code=NOT_ENOUGH_REPLICAS count=50 at=100ms",
                                           "error code=TOPIC_AUTHORIZATION_FAILED count=2 at=100ms",
                                           "leader partition=0 broker=2 at=500ms"),
                         [](const auto& param) {
                             std::string n = param.param;
                             n = n.substr(0, n.find(' ')) + "_" + std::to_string(param.index);
                             return n;
                         });

TEST(ProducerRun, StopIsBoundedAndReportsWhatWasInFlight) {
    // Broker down for good: nothing can be delivered; a user stop must end the run within its flush bound.
    auto spec = embeddedSpec("critical", {}, 1'000'000, 2000, {"down broker=1 at=0s"}, 1, 1);
    RunSession session(spec);
    session.start();
    auto& run = session.run(0);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (run.snapshot(SIZE_MAX, SIZE_MAX).counters.sent < 200 && std::chrono::steady_clock::now() < until)
        run.wait(std::chrono::milliseconds(20));
    const auto stopAt = std::chrono::steady_clock::now();
    session.requestStop();
    session.wait();
    const auto took = std::chrono::steady_clock::now() - stopAt;
    EXPECT_LT(took, std::chrono::milliseconds(5000 + 3000)) << "stopFlushMs (5 s) plus purge bound";
    const RunResult r = run.result();
    expectAccounting(r);
    EXPECT_TRUE(r.stoppedByUser);
    EXPECT_GT(r.inFlightAtEnd, 0u);
    EXPECT_EQ(r.counters.delivered, 0u);
}

TEST(ProducerRun, RatePacingNeverSendsAheadOfSchedule) {
    auto spec = embeddedSpec("analytics", {}, 1, 500);
    spec.traffic.durationMs = 1000;
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_LE(r.counters.sent, 501u) << "scheduled send times: rate × duration at most";
    EXPECT_GE(r.counters.sent, 250u) << "and not starved";
}

TEST(ProducerRun, FatalIdempotenceErrorEndsTheRunCleanly) {
    // An idempotent producer whose partition answers OUT_OF_ORDER_SEQUENCE_NUMBER raises ERR__FATAL.
    auto spec = embeddedSpec("production", {{"delivery.timeout.ms", "3000"}}, 100'000, 2000,
                             {"error code=OUT_OF_ORDER_SEQUENCE_NUMBER count=5 at=300ms"}, 1, 1);
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    expectAccounting(r);
    EXPECT_TRUE(r.fatal);
    EXPECT_NE(r.fatalError.find("OUT_OF_ORDER_SEQUENCE_NUMBER"), std::string::npos) << r.fatalError;
    EXPECT_LT(r.counters.sent, 100'000u) << "the run stopped at the fatal error";
    const auto it = std::find_if(r.events.begin(), r.events.end(), [](const RunEvent& e) { return e.errorClass == "fatal"; });
    ASSERT_NE(it, r.events.end());
}

TEST(ProducerRun, ReportCarriesTheContractFields) {
    auto spec = embeddedSpec("critical", {}, 300, 0, {"rtt broker=1 ms=5 at=0s"});
    RunSession session(spec);
    session.start();
    session.wait();
    RunRecord rec{session.run(0).result(), session.cluster(0).describe(), session.faults(0), std::nullopt, std::nullopt, std::nullopt};
    const auto j = reportJson(rec);
    for (const char* k : {"run_id", "cluster", "profile", "traffic", "messages", "latency_ms", "throughput", "errors",
                          "faults", "timeline"})
        EXPECT_TRUE(j.contains(k)) << k;
    for (const char* k : {"sent", "delivered", "failed", "dlq", "in_flight_at_end"}) EXPECT_TRUE(j["messages"].contains(k)) << k;
    for (const char* k : {"min", "p50", "p95", "p99", "p999", "max", "mean"}) EXPECT_TRUE(j["latency_ms"].contains(k)) << k;
    EXPECT_EQ(j["messages"]["sent"], 300);
    EXPECT_EQ(j["profile"]["properties"]["acks"], "-1") << "effective properties, as librdkafka holds them";
    EXPECT_GT(j["throughput"]["msgs_per_s"].get<double>(), 0);
    EXPECT_EQ(j["faults"].size(), 1u);
    EXPECT_FALSE(timelineCsv(rec).empty());
}

// Where each message's tag travels, as a consumer of the topic sees it, and that the audit finds it there.
struct TagPlacement {
    const char* name;
    int64_t valueSize;           // filler of this many bytes, or 0 for the task.created template
    bool inValue;                // the tag starts the value and there is no header; else the "acklab" header
};

class TagPlacementTest : public ::testing::TestWithParam<TagPlacement> {};

TEST_P(TagPlacementTest, AuditFindsEveryMessageByItsTag) {
    const TagPlacement& c = GetParam();
    auto spec = embeddedSpec("critical", {}, 400, 0, {}, 1, 2);
    spec.audit = true;
    if (c.valueSize > 0) spec.traffic.valueSize = c.valueSize;
    else spec.traffic.valueTemplate = R"({"task":"{{uuid}}","seq":{{seq}}})";
    RunSession session(spec);
    session.start();
    session.wait();
    const RunResult r = session.run(0).result();
    ASSERT_EQ(r.counters.delivered, 400u);

    DlqReaderOptions ro;
    ro.bootstrap = session.cluster(0).bootstrapServers();
    ro.topic = spec.traffic.topic;
    const DlqReadResult read = DlqReader::readTopic(ro);
    ASSERT_TRUE(read.ok) << read.error;
    ASSERT_EQ(read.records.size(), 400u);
    std::vector<int> seen(400, 0);
    for (const auto& rec : read.records) {
        ASSERT_TRUE(rec.rawValue.has_value());
        std::string_view run;
        int64_t seq = -1;
        if (c.inValue) {
            EXPECT_EQ(rec.rawValue->size(), static_cast<size_t>(c.valueSize)) << "the record is the size asked for";
            EXPECT_TRUE(rec.rawHeaders.empty());
            ASSERT_TRUE(parseValueTag(*rec.rawValue, run, seq)) << rec.rawValue->substr(0, 40);
        } else {
            ASSERT_EQ(rec.rawHeaders.size(), 1u);
            EXPECT_EQ(rec.rawHeaders[0].first, kMessageTagHeader);
            EXPECT_FALSE(parseValueTag(*rec.rawValue, run, seq));
            ASSERT_TRUE(parseMessageTag(rec.rawHeaders[0].second, run, seq));
        }
        EXPECT_EQ(run, r.runId);
        ASSERT_GE(seq, 0);
        ASSERT_LT(seq, 400);
        ++seen[static_cast<size_t>(seq)];
    }
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 400) << "every sequence number exactly once";

    AuditOptions ao{session.cluster(0).bootstrapServers(), {}, spec.traffic.topic, r.runId, 30'000, 5};
    const AuditResult a = auditRun(ao, r.outcomes);
    ASSERT_TRUE(a.ok) << a.error;
    EXPECT_EQ(a.read, 400u);
    EXPECT_EQ(a.lost, 0u);
    EXPECT_EQ(a.duplicated, 0u);
}

INSTANTIATE_TEST_SUITE_P(Tags, TagPlacementTest,
                         ::testing::Values(TagPlacement{"filler100", 100, true},
                                           TagPlacement{"fillerTooSmallForTheTag", 16, false},
                                           TagPlacement{"template", 0, false}),
                         [](const auto& param) { return std::string(param.param.name); });

TEST(MessageTag, ValueTagRoundTripsAndRejectsLookalikes) {
    std::array<char, 64> buf{};
    const size_t n = formatValueTag(buf.data(), "run-0badcafe", 1234567);
    std::string v(buf.data(), n);
    EXPECT_EQ(v, "acklab:run-0badcafe/1234567;");
    EXPECT_LE(n, maxValueTagSize("run-0badcafe"));
    v += "filler";
    std::string_view run;
    int64_t seq = -1;
    ASSERT_TRUE(parseValueTag(v, run, seq));
    EXPECT_EQ(run, "run-0badcafe");
    EXPECT_EQ(seq, 1234567);
    for (const char* bad : {"acklab:run-1/12", "acklab:run-1/-3;x", "acklab:/5;", "acklab:run-1/;", "ackla:run-1/5;",
                            "{\"acklab:run-1/5;\"}", ""})
        EXPECT_FALSE(parseValueTag(bad, run, seq)) << bad;
}

}  // namespace
}  // namespace acklab
