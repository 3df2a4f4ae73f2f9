// Transactions on the REAL local cluster, proven by the transaction audit (audit/TxnAudit): each topic read back
// with read_committed and read_uncommitted.
//   aborted transactions: their records are in the log (read_uncommitted reads every one the brokers
//     acknowledged) and invisible to read_committed; committed ones are complete in both topics;
//   a zombie (a second producer with the same transactional.id) fences the run's producer: the fatal _FENCED,
//     classified fatal, the fenced transaction invisible to read_committed, nothing of it in the DLQ;
//   with rebuild_on_fatal, a new producer fences the zombie in turn and the run completes.
#include <gtest/gtest.h>

#include "KafkaTestSupport.h"
#include "scenario/RunRecords.h"

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;

struct TxnOutcomeOnLocal {
  RunRecord rec;
  std::vector<std::string> topics;
};

TxnOutcomeOnLocal txnRunOnLocal(LocalKafkaCluster& local, const std::string& txnId, int64_t messages, double rate,
                                TransactionSpec x, const std::vector<std::string>& faults) {
  RunSpec spec;
  spec.cluster.kind = ClusterChoice::Kind::Local;
  spec.profiles.push_back(preset("transactional", {{"transactional.id", txnId}}));
  spec.traffic = traffic(x.topics.front(), messages, rate);
  spec.traffic.partitions = 3;
  spec.traffic.transaction = std::move(x);
  for (const auto& f : faults) spec.faults.push_back(FaultSpec::parse(f));
  spec.dlqTopic = "";
  spec.dlqFile = testDlqFile("txn");
  spec.audit = true;
  RunSession session(std::move(spec), &local);
  session.start();
  if (!session.run(0).wait(180s)) {
    ADD_FAILURE() << "run still going after 180 s: stopping it";
    session.requestStop();
  }
  session.wait();
  TxnOutcomeOnLocal out;
  out.rec = collectRecords(session, true, 60'000).front();
  out.topics = out.rec.result.topics;
  std::cout << summaryText(out.rec);
  return out;
}

// N events per transaction over the lesson's pair of topics (unique names per test).
TransactionSpec taskAndAudit(const std::string& prefix, int64_t eventsPerTxn) {
  TransactionSpec x;
  x.messages = eventsPerTxn;
  x.topics = {uniqueTopic(prefix + "-task-created"), uniqueTopic(prefix + "-audit-log")};
  return x;
}

// read_committed of a run whose every committed transaction must be whole and nothing else visible.
void expectCommittedWhole(const TxnOutcomeOnLocal& out) {
  ASSERT_TRUE(out.rec.txnAudit);
  const auto& rc = out.rec.txnAudit->committed;
  ASSERT_TRUE(rc.ok) << rc.error;
  EXPECT_EQ(rc.committedComplete, out.rec.result.transactions.committed);
  EXPECT_EQ(rc.partial, 0u);
  EXPECT_EQ(rc.lost, 0u);
  EXPECT_EQ(rc.abortedVisible, 0u);
  EXPECT_EQ(rc.duplicated, 0u);
}

TEST(TransactionsKafka, AbortedRecordsAreInTheLogButHiddenFromReadCommitted) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  TransactionSpec x = taskAndAudit("txn", 25);
  x.abortEvery = 3;
  RestoreOnExit restore(c.kafka, x.topics);
  // 3,000 records = 1,500 events over 2 topics, 25 events (50 records) per transaction: 60 transactions, every
  // 3rd aborted (20 x 50 records).
  const auto out = txnRunOnLocal(local, uniqueTopic("acklab-txn-abort"), 3000, 3000, x, {});
  const RunResult& r = out.rec.result;
  ASSERT_FALSE(r.fatal) << r.fatalError;
  EXPECT_EQ(r.counters.sent, 3000u);
  EXPECT_EQ(r.transactions.committed, 40u);
  EXPECT_EQ(r.transactions.aborted, 20u);
  EXPECT_EQ(r.transactions.recordsAborted, 1000u);
  ASSERT_TRUE(out.rec.txnAudit);
  const auto& rc = out.rec.txnAudit->committed;
  const auto& ru = out.rec.txnAudit->uncommitted;
  ASSERT_TRUE(rc.ok) << rc.error;
  ASSERT_TRUE(ru.ok) << ru.error;
  // read_committed: the 40 committed transactions whole, in both topics; no aborted record.
  EXPECT_EQ(rc.read, 2000u);
  EXPECT_EQ(rc.committedComplete, 40u);
  EXPECT_EQ(rc.partial, 0u);
  EXPECT_EQ(rc.lost, 0u);
  EXPECT_EQ(rc.duplicated, 0u);
  EXPECT_EQ(rc.abortedVisible, 0u);
  EXPECT_EQ(rc.readByTopic.at(x.topics[0]), 1000u);
  EXPECT_EQ(rc.readByTopic.at(x.topics[1]), 1000u);
  // read_uncommitted: everything the brokers acknowledged, the aborted transactions' records included.
  EXPECT_EQ(ru.abortedAcknowledged, 1000u);
  EXPECT_EQ(ru.abortedVisible, 1000u);
  EXPECT_EQ(ru.read, 3000u);
  EXPECT_EQ(ru.duplicated, 0u);
}

TEST(TransactionsKafka, AZombieFencesTheProducerFatally) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  const TransactionSpec x = taskAndAudit("zombie", 20);
  RestoreOnExit restore(c.kafka, x.topics);
  const auto out = txnRunOnLocal(local, uniqueTopic("acklab-txn-zombie"), 8000, 2000, x, {"zombie at=1500ms"});
  const RunResult& r = out.rec.result;
  EXPECT_TRUE(r.fatal);
  EXPECT_NE(r.fatalError.find("_FENCED"), std::string::npos) << r.fatalError;
  EXPECT_EQ(r.transactions.fenced, 1u);
  EXPECT_LT(r.counters.sent, 8000u);  // the run ended at the fence
  bool fatalSeen = false;
  for (const auto& e : r.txnErrors) fatalSeen = fatalSeen || (e.txnClass == "fatal" && e.name == "_FENCED");
  EXPECT_TRUE(fatalSeen);
  EXPECT_EQ(r.counters.dlq(), 0u);  // a fenced transaction is not re-sent record by record
  expectCommittedWhole(out);  // nothing of the fenced transaction visible
  const auto j = reportJson(out.rec);
  EXPECT_GE(j["transactions"]["errors_by_class"]["fatal"].get<int>(), 1);
}

TEST(TransactionsKafka, ARebuiltProducerFencesTheZombieAndCompletesTheRun) {
  REQUIRE_CLUSTER();
  LocalKafkaCluster local;
  TransactionSpec x = taskAndAudit("rebuild", 20);
  x.rebuildOnFatal = true;
  RestoreOnExit restore(c.kafka, x.topics);
  const auto out = txnRunOnLocal(local, uniqueTopic("acklab-txn-rebuild"), 4000, 2000, x, {"zombie at=1s"});
  const RunResult& r = out.rec.result;
  EXPECT_FALSE(r.fatal) << r.fatalError;
  EXPECT_EQ(r.transactions.fenced, 1u);
  EXPECT_EQ(r.transactions.rebuilds, 1u);
  EXPECT_EQ(r.counters.sent, 4000u);
  EXPECT_EQ(r.transactions.begun, r.transactions.committed + r.transactions.fenced);
  expectCommittedWhole(out);
}

// broker=coordinator: the node leading the __transaction_state partition of the run's transactional.id is killed
// mid-run (and restarted); commits wait for the new coordinator, and read_committed sees every transaction whole.
TEST(TransactionsKafka, KillingTheCoordinatorMidRunLeavesNoPartialTransaction) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const TransactionSpec x = taskAndAudit("coord", 20);
  RestoreOnExit restore(c.kafka, x.topics);
  const auto out = txnRunOnLocal(local, uniqueTopic("acklab-txn-coord"), 6000, 1500, x,
                                 {"kill broker=coordinator at=1s for=3s"});
  const RunResult& r = out.rec.result;
  ASSERT_EQ(out.rec.faults.size(), 2u);
  EXPECT_TRUE(out.rec.faults[0].ok) << out.rec.faults[0].result;
  EXPECT_NE(out.rec.faults[0].result.find("killed"), std::string::npos) << out.rec.faults[0].result;
  EXPECT_TRUE(out.rec.faults[1].ok) << out.rec.faults[1].result;  // the same node restarted
  EXPECT_FALSE(r.fatal) << r.fatalError;
  EXPECT_EQ(r.transactions.begun, r.transactions.committed + r.transactions.aborted);
  expectCommittedWhole(out);
}

}  // namespace
}  // namespace acklab
