// Redrive round trips on the embedded cluster: records land on their original topic with the original key,
// value and headers; a redrive to a topic made to fail goes back to the DLQ with attempts + 1.
#include "DlqTestSupport.h"

#include "cluster/EmbeddedCluster.h"
#include "common/Encoding.h"
#include "common/RdKafka.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqWriter.h"
#include "dlq/Redrive.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

using namespace acklab;

namespace {

using test::produceRecord;
using test::readTopic;

std::string tempFile(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("acklab-redrive-" + std::to_string(::getpid()) + "-" + name)).string();
}

// AckLab envelopes written by AckLab's own DLQ writer.
std::vector<DlqEnvelope> writeEnvelopes(const std::string& bootstrap, int n, const std::string& originalTopic) {
    std::vector<DlqEnvelope> out;
    DlqWriterOptions wo;
    wo.bootstrap = bootstrap;
    wo.fallbackPath = tempFile("writer.jsonl");
    DlqWriter w(wo);
    for (int i = 0; i < n; ++i) {
        DlqEnvelope e;
        e.originalTopic = originalTopic;
        e.originalPartition = i % 3;
        e.originalKey = i == 0 ? std::string("\x00\xff-bin", 6) : "key-" + std::to_string(i);
        e.originalValue = "{\"order\":" + std::to_string(i) + "}";
        e.originalHeaders = {{"acklab.run", "run-1"}, {"acklab.seq", std::to_string(i)}, {"bin", std::string("\x01\x00\x02", 3)}};
        e.errorName = "TOPIC_AUTHORIZATION_FAILED";
        e.errorClass = "permanent";
        e.errorCode = 29;
        e.runId = "run-1";
        e.profile = "critical";
        e.failedAtMs = nowEpochMs();
        w.write(e);
        out.push_back(e);
    }
    w.close(10'000);
    EXPECT_EQ(w.toTopic(), static_cast<uint64_t>(n));
    return out;
}

RedriveOptions optionsFor(const EmbeddedCluster& c) {
    RedriveOptions o;
    o.bootstrap = c.bootstrapServers();
    o.deliveryTimeoutMs = 5'000;
    o.dlqFile = tempFile("requeue.jsonl");
    return o;
}

}  // namespace

TEST(DlqRedrive, AckLabEnvelopesLandOnTheOriginalTopicAsTheyWere) {
    EmbeddedCluster c(3);
    c.prepareTopic("orders", 3);
    const auto sent = writeEnvelopes(c.bootstrapServers(), 4, "orders");
    auto dlq = readTopic(c.bootstrapServers(), "dead-letter-queue");
    ASSERT_TRUE(dlq.ok) << dlq.error;
    ASSERT_EQ(dlq.records.size(), 4u);

    auto o = optionsFor(c);
    o.keepPartition = true;
    std::vector<RedriveOutcome> progress;
    const auto s = Redrive::run(dlq.records, o, nullptr, [&](const RedriveOutcome& x) { progress.push_back(x); });
    EXPECT_TRUE(s.allOk()) << s.text();
    EXPECT_EQ(s.redriven, 4u);
    EXPECT_EQ(s.failedAgain, 0u);
    EXPECT_EQ(progress.size(), 4u);
    for (const auto& out : s.outcomes) {
        EXPECT_EQ(out.status, RedriveOutcome::Status::Sent);
        EXPECT_EQ(out.plan.topic, "orders");
        EXPECT_GE(out.offset, 0);
    }

    auto landed = readTopic(c.bootstrapServers(), "orders");
    ASSERT_TRUE(landed.ok) << landed.error;
    ASSERT_EQ(landed.records.size(), 4u);
    for (const auto& rec : landed.records) {
        // Read back as raw records: exactly the original key, value and headers, nothing added.
        EXPECT_EQ(rec.format, DlqFormat::Raw);
        auto it = std::find_if(sent.begin(), sent.end(), [&](const DlqEnvelope& e) { return e.originalKey == rec.rawKey; });
        ASSERT_NE(it, sent.end());
        EXPECT_EQ(rec.rawValue, it->originalValue);
        EXPECT_EQ(rec.rawHeaders, it->originalHeaders);
        EXPECT_EQ(rec.source.partition, it->originalPartition);  // keepPartition
    }
}

TEST(DlqRedrive, ConnectAndSpringRecordsGoBackWithoutTheirDlqHeaders) {
    EmbeddedCluster c(3);
    c.prepareTopic("payments", 1);
    c.prepareTopic("mixed-dlq", 1);
    const std::string bs = c.bootstrapServers();
    ASSERT_GE(produceRecord(bs, "mixed-dlq", std::string("c-key"), std::string("c-value"),
                            {{"trace", "t1"}, {"__connect.errors.topic", "payments"}, {"__connect.errors.partition", "0"},
                             {"__connect.errors.offset", "9"}, {"__connect.errors.exception.class.name", "x.DataException"}}),
              0);
    ASSERT_GE(produceRecord(bs, "mixed-dlq", std::string("s-key"), std::string("s-value"),
                            {{"__TypeId__", "Order"}, {"kafka_dlt-original-topic", "payments"},
                             {"kafka_dlt-original-partition", std::string("\0\0\0\0", 4)},
                             {"kafka_dlt-original-offset", std::string("\0\0\0\0\0\0\0\x0a", 8)},
                             {"kafka_dlt-exception-fqcn", "java.lang.IllegalStateException"}}),
              0);
    auto dlq = readTopic(bs, "mixed-dlq");
    ASSERT_EQ(dlq.records.size(), 2u);
    const auto s = Redrive::run(dlq.records, optionsFor(c));
    EXPECT_TRUE(s.allOk()) << s.text();
    auto landed = readTopic(bs, "payments");
    ASSERT_EQ(landed.records.size(), 2u);
    EXPECT_EQ(landed.records[0].rawKey, std::optional<std::string>("c-key"));
    EXPECT_EQ(landed.records[0].rawValue, std::optional<std::string>("c-value"));
    EXPECT_EQ(landed.records[0].rawHeaders, (DlqHeaders{{"trace", "t1"}}));
    EXPECT_EQ(landed.records[1].rawKey, std::optional<std::string>("s-key"));
    EXPECT_EQ(landed.records[1].rawHeaders, (DlqHeaders{{"__TypeId__", "Order"}}));
}

TEST(DlqRedrive, DryRunSaysWhatWouldBeSentAndSendsNothing) {
    EmbeddedCluster c(3);
    writeEnvelopes(c.bootstrapServers(), 3, "orders");
    auto dlq = readTopic(c.bootstrapServers(), "dead-letter-queue");
    ASSERT_EQ(dlq.records.size(), 3u);
    RedriveOptions o;  // no bootstrap: a dry run needs no cluster
    o.dryRun = true;
    o.toTopic = "orders-retry";
    const auto s = Redrive::run(dlq.records, o);
    EXPECT_TRUE(s.dryRun);
    EXPECT_EQ(s.wouldSend, 3u);
    EXPECT_EQ(s.redriven, 0u);
    for (const auto& out : s.outcomes) {
        EXPECT_EQ(out.status, RedriveOutcome::Status::WouldSend);
        EXPECT_EQ(out.plan.topic, "orders-retry");
        EXPECT_EQ(out.plan.partition, -1);
        ASSERT_TRUE(out.plan.value.has_value());
        EXPECT_EQ(out.plan.headers.size(), 3u);
    }
    EXPECT_NE(s.text().find("dry run: would send 3"), std::string::npos) << s.text();
    auto target = readTopic(c.bootstrapServers(), "orders-retry");
    EXPECT_TRUE(target.records.empty());
}

TEST(DlqRedrive, ToAnotherTopicAndUnreadableRecordsAreSkippedNotLost) {
    EmbeddedCluster c(3);
    c.prepareTopic("raw-dlq", 1);
    const std::string bs = c.bootstrapServers();
    produceRecord(bs, "raw-dlq", std::string("r1"), std::string("plain"));                     // raw: no original topic
    produceRecord(bs, "raw-dlq", std::nullopt, std::string("{\"original_topic\":\"o\",\"attempts\":\"x\"}"));  // unreadable
    auto dlq = readTopic(bs, "raw-dlq");
    ASSERT_EQ(dlq.records.size(), 2u);

    auto s = Redrive::run(dlq.records, optionsFor(c));
    EXPECT_EQ(s.skipped, 2u);
    EXPECT_FALSE(s.allOk());
    EXPECT_NE(s.outcomes[0].error.find("original topic is unknown"), std::string::npos);
    EXPECT_NE(s.outcomes[1].error.find("could not be read"), std::string::npos);

    auto o = optionsFor(c);
    o.toTopic = "retry";
    s = Redrive::run(dlq.records, o);
    EXPECT_EQ(s.redriven, 1u);
    EXPECT_EQ(s.skipped, 1u);
    auto landed = readTopic(bs, "retry");
    ASSERT_EQ(landed.records.size(), 1u);
    EXPECT_EQ(landed.records[0].rawValue, std::optional<std::string>("plain"));
}

TEST(DlqRedrive, FailingAgainGoesBackToTheDlqWithOneMoreAttempt) {
    EmbeddedCluster c(3);  // data partitions lead on brokers 1-2, the DLQ topic on broker 3
    c.prepareTopic("orders", 1);
    const auto sent = writeEnvelopes(c.bootstrapServers(), 3, "orders");
    auto dlq = readTopic(c.bootstrapServers(), "dead-letter-queue");
    ASSERT_EQ(dlq.records.size(), 3u);
    // Make the target fail: every Produce to the data brokers is refused.
    const auto fault = c.applyFault(FaultSpec::parse("error code=TOPIC_AUTHORIZATION_FAILED count=50 at=0s"), "orders");
    ASSERT_TRUE(fault.ok) << fault.message;

    const auto s = Redrive::run(dlq.records, optionsFor(c));
    EXPECT_EQ(s.redriven, 0u);
    EXPECT_EQ(s.failedAgain, 3u) << s.text();
    EXPECT_EQ(s.requeuedToTopic, 3u) << s.text();
    EXPECT_EQ(s.requeuedToFile, 0u);
    EXPECT_FALSE(s.allOk());
    for (const auto& out : s.outcomes) {
        EXPECT_EQ(out.status, RedriveOutcome::Status::FailedAgain);
        EXPECT_EQ(out.errorName, "TOPIC_AUTHORIZATION_FAILED");
    }

    auto after = readTopic(c.bootstrapServers(), "dead-letter-queue");
    ASSERT_EQ(after.records.size(), 6u);  // the 3 originals stay (append-only) + 3 re-queued
    int requeued = 0;
    for (const auto& rec : after.records) {
        if (rec.attempts != 2) continue;
        ++requeued;
        EXPECT_TRUE(rec.ok()) << rec.parseError;
        EXPECT_EQ(rec.originalTopic, "orders");
        EXPECT_EQ(rec.errorName, "TOPIC_AUTHORIZATION_FAILED");
        EXPECT_EQ(rec.runId, "run-1");
        auto it = std::find_if(sent.begin(), sent.end(), [&](const DlqEnvelope& e) { return e.originalKey == rec.key; });
        ASSERT_NE(it, sent.end());
        EXPECT_EQ(rec.value, it->originalValue);
        EXPECT_EQ(rec.headers, it->originalHeaders);
    }
    EXPECT_EQ(requeued, 3);
}

TEST(DlqRedrive, DeadTargetAndDeadDlqEndInTheFileNothingLost) {
    DlqRecord r;
    r.format = DlqFormat::AckLab;
    r.originalTopic = "orders";
    r.key = "k";
    r.value = "v";
    r.attempts = 4;
    RedriveOptions o;
    o.bootstrap = "127.0.0.1:1";
    o.deliveryTimeoutMs = 500;
    o.dlqFile = tempFile("dead.jsonl");
    std::filesystem::remove(o.dlqFile);
    const auto s = Redrive::run({r, r}, o);
    EXPECT_EQ(s.failedAgain, 2u) << s.text();
    EXPECT_EQ(s.requeuedToFile, 2u) << s.text();
    auto file = DlqReader::readFile(o.dlqFile);
    ASSERT_EQ(file.records.size(), 2u);
    EXPECT_EQ(file.records[0].attempts, 5);
    EXPECT_EQ(file.records[0].value, std::optional<std::string>("v"));
    std::filesystem::remove(o.dlqFile);
}

TEST(DlqRedrive, RateLimitPacesSends) {
    EmbeddedCluster c(3);
    c.prepareTopic("orders", 1);
    std::vector<DlqRecord> records(6);
    for (size_t i = 0; i < records.size(); ++i) {
        records[i].originalTopic = "orders";
        records[i].value = "v" + std::to_string(i);
    }
    auto o = optionsFor(c);
    o.rate = 20;  // 6 records: the last is due 250 ms after the first
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = Redrive::run(records, o);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(s.redriven, 6u) << s.text();
    EXPECT_GE(ms, 240);
}

TEST(DlqRedrive, CancelSkipsTheRest) {
    std::vector<DlqRecord> records(3);
    for (auto& r : records) r.originalTopic = "orders";
    std::atomic<bool> cancel{true};
    RedriveOptions o;
    o.bootstrap = "127.0.0.1:1";
    o.dlqTopic = "";
    o.dlqFile = tempFile("cancel.jsonl");
    const auto s = Redrive::run(records, o, &cancel);
    EXPECT_TRUE(s.cancelled);
    EXPECT_EQ(s.skipped, 3u);
    EXPECT_EQ(s.failedAgain, 0u);
}
