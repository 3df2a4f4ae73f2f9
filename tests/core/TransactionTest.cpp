// Transactions on the embedded cluster: the transactional traffic (events over several topics, commit / abort per
// transaction), its accounting, the per-interval counts, each class of transactional error from librdkafka itself,
// the transaction audit's reading of both isolation levels, and what the embedded cluster can show (measured here,
// written down in docs/transactions.md).
#include "RunTestSupport.h"

#include "metrics/TxnErrorClassifier.h"
#include "profile/ProfileValidator.h"
#include "scenario/RunRecords.h"

#include <librdkafka/rdkafka_mock.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace acklab {
namespace {

using test::embeddedSpec;

RunSpec txnSpec(int64_t messages, int64_t perTxn, std::vector<std::string> topics, int64_t abortEvery = 0,
                std::vector<std::string> faults = {}) {
    auto spec = embeddedSpec("transactional", {}, messages, 0, std::move(faults));
    spec.traffic.topic = topics.front();
    spec.traffic.transaction.messages = perTxn;
    spec.traffic.transaction.topics = std::move(topics);
    spec.traffic.transaction.abortEvery = abortEvery;
    spec.audit = true;
    return spec;
}

RunRecord runOnce(RunSpec spec) {
    RunSession session(std::move(spec));
    session.start();
    session.wait();
    return collectRecords(session, session.spec().audit, 30'000).front();
}

struct ErrorDeleter {
    void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
using TxnError = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

TEST(Transactions, EachEventGoesToEveryTopicAndEveryNthTransactionAborts) {
    const auto rec = runOnce(txnSpec(600, 10, {"task-created", "audit-log"}, 3));
    const auto& r = rec.result;
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_FALSE(r.fatal) << r.fatalError;
    EXPECT_TRUE(r.transactional);
    EXPECT_EQ(r.transactionalId, "task-api-txn");
    // 600 records = 300 events, 10 events (20 records) per transaction: 30 transactions, every 3rd aborted.
    EXPECT_EQ(r.counters.sent, 600u);
    EXPECT_EQ(r.transactions.begun, 30u);
    EXPECT_EQ(r.transactions.committed, 20u);
    EXPECT_EQ(r.transactions.aborted, 10u);
    EXPECT_EQ(r.transactions.abortedPlanned, 10u);
    EXPECT_EQ(r.transactions.recordsCommitted, 400u);
    EXPECT_EQ(r.transactions.recordsAborted, 200u);
    EXPECT_EQ(r.commitLatency.count(), 20u);
    ASSERT_EQ(r.transactionRecords.size(), 30u);
    for (size_t i = 0; i < r.transactionRecords.size(); ++i) {
        EXPECT_EQ(r.transactionRecords[i].firstSeq, static_cast<int64_t>(i * 20));
        EXPECT_EQ(r.transactionRecords[i].records, 20);
        EXPECT_EQ(r.transactionRecords[i].outcome, (i + 1) % 3 == 0 ? TxnOutcome::Aborted : TxnOutcome::Committed);
    }
    // The per-interval counts add up to the totals (what the window plots).
    uint64_t committed = 0, aborted = 0;
    for (const auto& p : r.timeline) {
        committed += p.txnCommitted;
        aborted += p.txnAborted;
        if (p.txnCommitted) {
            EXPECT_GT(p.commitMaxMs, 0) << p.tMs;
        }
    }
    EXPECT_EQ(committed, 20u);
    EXPECT_EQ(aborted, 10u);
    // Aborts come after a flush: every record was acknowledged and written (then aborted).
    EXPECT_EQ(r.counters.delivered, 600u);
    test::expectAccounting(r);

    // Both topics hold one record per event; read_uncommitted sees the aborted ones too.
    ASSERT_TRUE(rec.txnAudit);
    const auto& u = rec.txnAudit->uncommitted;
    ASSERT_TRUE(u.ok) << u.error;
    EXPECT_EQ(u.readByTopic.at("task-created"), 300u);
    EXPECT_EQ(u.readByTopic.at("audit-log"), 300u);
    EXPECT_EQ(u.committedComplete, 20u);
    EXPECT_EQ(u.partial, 0u);
    EXPECT_EQ(u.lost, 0u);
    EXPECT_EQ(u.duplicated, 0u);
    EXPECT_EQ(u.abortedAcknowledged, 200u);
    EXPECT_EQ(u.abortedVisible, 200u);

    const auto j = reportJson(rec);
    EXPECT_EQ(j["transactions"]["committed"], 20);
    EXPECT_EQ(j["transactions"]["aborted"], 10);
    EXPECT_EQ(j["transactions"]["fenced"], 0);
    EXPECT_EQ(j["transactions"]["records"]["open"], 0);
    EXPECT_EQ(j["transactions"]["commit_latency_ms"]["count"], 20);
    EXPECT_EQ(j["audit"]["read_uncommitted"]["aborted_visible"], 200);
    EXPECT_EQ(j["timeline"][0].count("transactions"), 1u);
}

// Measured, and written down in docs/transactions.md: librdkafka 2.0.2's mock cluster accepts InitProducerId,
// AddPartitionsToTxn, EndTxn (commit and abort) but writes no transaction markers: read_committed returns the
// aborted records as well. Aborted-record filtering needs Local Kafka.
TEST(Transactions, EmbeddedClusterDoesNotHideAbortedRecordsFromReadCommitted) {
    const auto rec = runOnce(txnSpec(200, 10, {"acklab-test"}, 2));
    ASSERT_TRUE(rec.txnAudit);
    const auto& c = rec.txnAudit->committed;
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(rec.result.transactions.aborted, 10u);
    EXPECT_EQ(c.abortedVisible, 100u);
    EXPECT_EQ(c.committedComplete, 10u);
}

TEST(Transactions, AbortOnDemandAbortsTheOpenTransaction) {
    auto spec = txnSpec(4000, 20, {"acklab-test"}, 0, {"abort at=300ms"});
    spec.traffic.rate = 4000;
    const auto rec = runOnce(spec);
    const auto& r = rec.result;
    EXPECT_EQ(r.transactions.abortedOnDemand, 1u);
    EXPECT_EQ(r.transactions.aborted, 1u);
    EXPECT_EQ(r.transactions.committed + 1, r.transactions.begun);
    ASSERT_EQ(r.producerFaults.size(), 1u);
    EXPECT_TRUE(r.producerFaults[0].ok) << r.producerFaults[0].result;
    EXPECT_NE(r.producerFaults[0].result.find("aborted"), std::string::npos) << r.producerFaults[0].result;
    EXPECT_GE(r.producerFaults[0].atMs, 300);
}

// The producer's own faults are told to the session's listener and are in its lists as soon as it carries them out,
// not only once the run is over (the window and the CLI show an abort when it happens); with a cluster fault before
// and after, the merged list is in time order.
TEST(Transactions, AnAbortIsInTheSessionsFaultsWhileTheRunGoesOn) {
    auto spec = txnSpec(6000, 20, {"acklab-test"}, 0, {"rtt broker=1 ms=5 at=100ms for=500ms", "abort at=300ms"});
    spec.traffic.rate = 2000;  // 3 s of traffic
    spec.audit = false;
    std::mutex m;
    std::condition_variable told;
    std::vector<std::string> heard;
    RunSession session(std::move(spec), nullptr, [&](size_t, const FiredFault& f) {
        std::lock_guard lock(m);
        heard.push_back(f.spec);
        told.notify_all();
    });
    session.start();
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(told.wait_for(lock, std::chrono::seconds(20), [&] {
            return std::find(heard.begin(), heard.end(), "abort at=300ms") != heard.end();
        })) << "the listener was not told the abort";
    }
    const bool stillRunning = !session.run(0).finished();
    ASSERT_EQ(session.producerFaults(0).size(), 1u);
    EXPECT_TRUE(stillRunning) << "the abort showed only once the run was over";
    EXPECT_EQ(session.producerFaults(0).front().spec, "abort at=300ms");
    session.wait();
    const auto all = session.faults(0);
    ASSERT_EQ(all.size(), 3u);  // rtt, abort, the rtt's undo
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const FiredFault& a, const FiredFault& b) { return a.atMs < b.atMs; }));
    EXPECT_EQ(all[1].spec, "abort at=300ms");
    EXPECT_EQ(session.clusterFaults(0).size(), 2u);
    std::lock_guard lock(m);
    EXPECT_EQ(heard.size(), 3u);  // each told once
}

// A record the brokers refuse (pushed PRODUCER_FENCED on Produce) makes the transaction abortable: the run aborts
// it, counts it as aborted after an error, and carries on with the next one.
TEST(Transactions, AFailedRecordMakesItsTransactionAbortableAndTheRunGoesOn) {
    auto spec = txnSpec(2000, 10, {"acklab-test"}, 0, {"error code=PRODUCER_FENCED count=1 at=300ms"});
    spec.traffic.rate = 2000;
    const auto rec = runOnce(spec);
    const auto& r = rec.result;
    EXPECT_FALSE(r.fatal) << r.fatalError;
    EXPECT_GE(r.transactions.abortedAfterError, 1u);
    EXPECT_EQ(r.transactions.begun, r.transactions.committed + r.transactions.aborted);
    bool abortable = false;
    for (const auto& e : r.txnErrors) abortable = abortable || (e.operation == "commit_transaction" && e.txnClass == "abortable");
    EXPECT_TRUE(abortable);
    ASSERT_TRUE(rec.txnAudit && rec.txnAudit->committed.ok);
    EXPECT_EQ(rec.txnAudit->committed.partial, 0u);
    EXPECT_EQ(rec.txnAudit->committed.lost, 0u);
}

// The three classes, each from an error librdkafka really returned.
TEST(TxnErrorClasses, RetriableAbortableAndFatalFromLibrdkafka) {
    char errstr[512];
    // Retriable: init_transactions that times out (no broker answers).
    {
        KafkaConf conf(rd_kafka_conf_new());
        confSet(conf.get(), "bootstrap.servers", "127.0.0.1:1");
        confSet(conf.get(), "transactional.id", "acklab-test-retriable");
        rd_kafka_conf_set_log_cb(conf.get(), discardLog);
        KafkaHandle p(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), errstr, sizeof errstr));
        ASSERT_TRUE(p);
        TxnError err(rd_kafka_init_transactions(p.get(), 300));
        ASSERT_TRUE(err);
        const auto info = TxnErrorClassifier::classify(err.get());
        EXPECT_EQ(info.txnClass, TxnErrorClass::Retriable);
        EXPECT_EQ(info.name, "_TIMED_OUT");
        EXPECT_NE(info.remedy.find("again"), std::string::npos);
    }
    KafkaHandle host(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), errstr, sizeof errstr));
    rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(host.get(), 3);
    ASSERT_TRUE(mc);
    rd_kafka_mock_topic_create(mc, "t", 1, 3);
    auto producer = [&](const char* id) {
        KafkaConf conf(rd_kafka_conf_new());
        confSet(conf.get(), "bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mc));
        confSet(conf.get(), "transactional.id", id);
        rd_kafka_conf_set_log_cb(conf.get(), discardLog);
        return KafkaHandle(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), errstr, sizeof errstr));
    };
    auto produceAndCommit = [](rd_kafka_t* p) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
        rd_kafka_producev(p, RD_KAFKA_V_TOPIC("t"), RD_KAFKA_V_VALUE(const_cast<char*>("x"), 1), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
        return TxnError(rd_kafka_commit_transaction(p, 10'000));
    };
    {
        // Abortable: the brokers refuse a record of the transaction.
        auto p = producer("acklab-test-abortable");
        ASSERT_FALSE(TxnError(rd_kafka_init_transactions(p.get(), 10'000)));
        ASSERT_FALSE(TxnError(rd_kafka_begin_transaction(p.get())));
        rd_kafka_mock_push_request_errors(mc, 0 /* Produce */, 1, RD_KAFKA_RESP_ERR_PRODUCER_FENCED);
        auto err = produceAndCommit(p.get());
        ASSERT_TRUE(err);
        const auto info = TxnErrorClassifier::classify(err.get());
        EXPECT_EQ(info.txnClass, TxnErrorClass::Abortable) << info.message;
        EXPECT_NE(info.remedy.find("abort_transaction"), std::string::npos);
        EXPECT_FALSE(TxnError(rd_kafka_abort_transaction(p.get(), 10'000)));  // and the producer goes on
        EXPECT_FALSE(TxnError(rd_kafka_begin_transaction(p.get())));
    }
    {
        // Fatal: the coordinator says a newer producer took the transactional.id (AddPartitionsToTxn fenced).
        auto p = producer("acklab-test-fatal");
        ASSERT_FALSE(TxnError(rd_kafka_init_transactions(p.get(), 10'000)));
        ASSERT_FALSE(TxnError(rd_kafka_begin_transaction(p.get())));
        rd_kafka_mock_push_request_errors(mc, 24 /* AddPartitionsToTxn */, 1, RD_KAFKA_RESP_ERR_PRODUCER_FENCED);
        auto err = produceAndCommit(p.get());
        ASSERT_TRUE(err);
        const auto info = TxnErrorClassifier::classify(err.get());
        EXPECT_EQ(info.txnClass, TxnErrorClass::Fatal) << info.message;
        EXPECT_EQ(info.name, "_FENCED");
        EXPECT_NE(info.remedy.find("new producer"), std::string::npos);
    }
    rd_kafka_mock_cluster_destroy(mc);
}

TEST(TxnErrorClasses, FatalWinsOverAbortableWinsOverRetriable) {
    EXPECT_EQ(TxnErrorClassifier::classify(-144, true, true, true, "").txnClass, TxnErrorClass::Fatal);
    EXPECT_EQ(TxnErrorClassifier::classify(-185, true, true, false, "").txnClass, TxnErrorClass::Abortable);
    EXPECT_EQ(TxnErrorClassifier::classify(-185, true, false, false, "").txnClass, TxnErrorClass::Retriable);
    EXPECT_EQ(TxnErrorClassifier::classify(nullptr).txnClass, TxnErrorClass::None);
}

TEST(TransactionSpecs, JsonFieldsAreCheckedAllAtOnce) {
    const auto t = TrafficSpec::fromJson(nlohmann::json::parse(
        R"({"messages": 200, "transaction": {"messages": 10, "topics": ["task-created", "audit-log"], "abort_every": 4}})"));
    EXPECT_EQ(t.topic, "task-created");
    EXPECT_EQ(t.allTopics(), (std::vector<std::string>{"task-created", "audit-log"}));
    EXPECT_TRUE(t.transaction.abortsTransaction(3));
    EXPECT_FALSE(t.transaction.abortsTransaction(2));
    EXPECT_EQ(TrafficSpec::fromJson(t.toJson()).transaction.abortEvery, 4);
    try {
        TrafficSpec::fromJson(nlohmann::json::parse(
            R"({"transaction": {"messages": 2.5, "abort_share": 3, "topics": "a", "rebuild_on_fatal": 1, "x": 0}})"));
        FAIL() << "accepted";
    } catch (const TrafficSpecError& e) {
        const std::string w = e.what();
        for (const char* field : {"transaction.messages", "transaction.abort_share", "transaction.topics",
                                  "transaction.rebuild_on_fatal", "transaction.x: unknown"})
            EXPECT_NE(w.find(field), std::string::npos) << field << " in\n" << w;
    }
    TrafficSpec share;
    share.transaction.messages = 1;
    share.transaction.abortShare = 0.25;
    int aborted = 0;
    for (int i = 0; i < 100; ++i) aborted += share.transaction.abortsTransaction(i);
    EXPECT_EQ(aborted, 25);
    TrafficSpec both;
    both.transaction.messages = 5;
    both.transaction.durationMs = 100;
    EXPECT_FALSE(both.problems().empty());
}

TEST(TransactionSpecs, AbortAndZombieFaultsParse) {
    EXPECT_TRUE(FaultSpec::parse("abort at=2s").isProducerKind());
    EXPECT_EQ(FaultSpec::parse("zombie at=1500ms").atMs, 1500);
    EXPECT_THROW(FaultSpec::parse("zombie broker=1 at=1s"), FaultSpecError);
    EXPECT_THROW(FaultSpec::parse("abort at=1s for=2s"), FaultSpecError);
    EXPECT_EQ(FaultSpec::parse("kill broker=coordinator at=1s for=3s").broker, "coordinator");
    EXPECT_THROW(FaultSpec::parse("down broker=coordinator at=1s"), FaultSpecError);  // the embedded cluster has none
}

TEST(TransactionSpecs, AbortFaultOnAPlainRunIsRefused) {
    auto spec = embeddedSpec("critical", {}, 100, 0, {"abort at=1s"});
    EXPECT_THROW(RunSession{spec}, RunError);
}

TEST(TransactionalProfile, RulesAndLibrdkafkasOwnRefusals) {
    auto errorFor = [](std::vector<std::pair<std::string, std::string>> props, const std::string& key) {
        ProducerProfile p("t", props);
        for (const auto& i : validateProfile(p).issues)
            if (i.severity == ValidationIssue::Severity::Error && i.key == key) return i.message;
        return std::string();
    };
    EXPECT_NE(errorFor({{"transactional.id", "x"}, {"enable.idempotence", "false"}}, "enable.idempotence")
                  .find("`transactional.id` requires `enable.idempotence=true`"),
              std::string::npos);
    EXPECT_NE(errorFor({{"transactional.id", "x"}, {"delivery.timeout.ms", "120000"}}, "delivery.timeout.ms")
                  .find("`message.timeout.ms` must be set <= `transaction.timeout.ms`"),
              std::string::npos);
    EXPECT_NE(errorFor({{"transactional.id", "x"}, {"acks", "1"}}, "acks").find("`acks` must be set to `all`"),
              std::string::npos);
    EXPECT_NE(errorFor({{"transactional.id", "x"}, {"max.in.flight.requests.per.connection", "6"}},
                       "max.in.flight.requests.per.connection")
                  .find("<= 5"),
              std::string::npos);
    EXPECT_TRUE(validateProfile(ProducerProfile("t", {{"transactional.id", "x"}, {"transaction.timeout.ms", "90000"},
                                                      {"delivery.timeout.ms", "90000"}}))
                    .ok());
}

}  // namespace
}  // namespace acklab
