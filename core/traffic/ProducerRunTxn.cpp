// ProducerRun's transactional path (TrafficSpec::transaction, a profile with transactional.id): every call here runs
// on the run thread, between produce() calls, so the transaction state has one writer like every other counter.
// librdkafka's transactional calls block (commit flushes the transaction's records and serves their delivery
// reports on this thread); the window's thread never waits on them.
#include "traffic/ProducerRun.h"

#include "metrics/ErrorClassifier.h"
#include "metrics/TxnErrorClassifier.h"

#include <algorithm>

namespace acklab {
namespace {

// Bounds on the blocking transactional calls. A commit flushes every record of the transaction first, so it gets
// as long as a record may take; init and abort are coordinator round trips.
constexpr int kInitTimeoutMs = 30'000;
constexpr int kAbortTimeoutMs = 30'000;
constexpr int kRetriableAttempts = 5;

struct ErrorDeleter {
    void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
using TxnError = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

}  // namespace

std::string_view toString(TxnOutcome o) {
    switch (o) {
        case TxnOutcome::Open: return "open";
        case TxnOutcome::Committed: return "committed";
        case TxnOutcome::Aborted: return "aborted";
        case TxnOutcome::Fenced: return "fenced";
    }
    return "open";
}

void ProducerRun::fireProducerFault(const FaultSpec& fault) {
    std::lock_guard lock(producerFaultsMutex_);
    FaultSpec f = fault;
    if (t0_ != Clock::time_point{}) f.atMs = std::max<int64_t>(0, msSinceStart(Clock::now()));
    producerFaults_.push_back(f);
    std::stable_sort(producerFaults_.begin(), producerFaults_.end(),
                     [](const FaultSpec& a, const FaultSpec& b) { return a.atMs < b.atMs; });
    nextProducerFaultMs_.store(producerFaults_.front().atMs, std::memory_order_relaxed);
}

std::vector<FiredFault> ProducerRun::firedProducerFaults() const {
    std::lock_guard lock(mutex_);
    return firedProducerFaults_;
}

void ProducerRun::txnNoteError(const char* operation, const rd_kafka_error_t* error) {
    const TxnErrorInfo info = TxnErrorClassifier::classify(error);
    const std::string cls(toString(info.txnClass));
    auto& e = txnErrors_[std::string(operation) + "/" + info.name + "/" + cls];
    if (e.count++ == 0) {
        e.operation = operation;
        e.name = info.name;
        e.txnClass = cls;
        e.message = info.message;
        e.remedy = info.remedy;
        RunEvent ev;
        ev.tMs = msSinceStart(Clock::now());
        ev.severity = info.txnClass == TxnErrorClass::Retriable ? "warning" : "error";
        ev.code = info.code;
        ev.name = info.name;
        ev.errorClass = cls;
        ev.message = std::string(operation) + " failed (" + cls + "): " + info.message;
        ev.remedy = info.remedy;
        addEvent(std::move(ev));
    }
    if (info.txnClass == TxnErrorClass::Fatal && !fatal_) {
        char buf[512] = {0};
        const auto orig = rd_kafka_fatal_error(producer_.get(), buf, sizeof buf);
        fatal_ = true;
        fatalError_ = orig ? ErrorClassifier::name(orig) + ": " + buf : info.name + ": " + info.message;
    }
}

bool ProducerRun::txnInit() {
    for (int attempt = 1;; ++attempt) {
        TxnError err(rd_kafka_init_transactions(producer_.get(), kInitTimeoutMs));
        if (!err) return true;
        txnNoteError("init_transactions", err.get());
        if (fatal_) return false;
        if (!rd_kafka_error_is_retriable(err.get()) || attempt >= kRetriableAttempts || stopRequested_) {
            // Not retriable and not fatal, or retried enough: the run cannot send a single transaction.
            fatal_ = true;
            fatalError_ = std::string("init_transactions: ") + rd_kafka_error_string(err.get());
            return false;
        }
    }
}

bool ProducerRun::txnBegin(int64_t seq) {
    TxnError err(rd_kafka_begin_transaction(producer_.get()));
    if (err) {
        txnNoteError("begin_transaction", err.get());
        if (!fatal_) {
            fatal_ = true;  // begin only fails on a wrong state: the producer is not usable for transactions
            fatalError_ = std::string("begin_transaction: ") + rd_kafka_error_string(err.get());
        }
        return false;
    }
    txnOpen_ = true;
    txnEvents_ = 0;
    txnStart_ = Clock::now();
    ++txn_.begun;
    TransactionRecord rec;
    rec.firstSeq = seq;
    rec.abortPlanned = options_.traffic.transaction.abortsTransaction(static_cast<int64_t>(txn_.begun) - 1);
    txnRecords_.push_back(rec);
    return true;
}

void ProducerRun::txnAfterEvent(int64_t seq) {
    if (!txnOpen_) return;
    ++txnEvents_;
    txnRecords_.back().records = seq - txnRecords_.back().firstSeq;
    const auto& x = options_.traffic.transaction;
    const bool full = x.messages > 0 && txnEvents_ >= x.messages;
    const bool timeUp = x.durationMs > 0 && Clock::now() - txnStart_ >= std::chrono::milliseconds(x.durationMs);
    if (!full && !timeUp) return;
    if (txnAbortNext_) {
        txnAbortNext_ = false;
        txnEnd(true, &TxnCounters::abortedOnDemand);
    } else {
        txnEnd(txnRecords_.back().abortPlanned, &TxnCounters::abortedPlanned);
    }
}

void ProducerRun::txnMarkOpen(TxnOutcome outcome) {
    if (!txnOpen_) return;
    txnOpen_ = false;
    auto& rec = txnRecords_.back();
    rec.records = static_cast<int64_t>(counters_.sent) - rec.firstSeq;
    rec.outcome = outcome;
    const auto n = static_cast<uint64_t>(rec.records);
    switch (outcome) {
        case TxnOutcome::Committed:
            ++txn_.committed;
            ++bucket_.point.txnCommitted;
            txn_.recordsCommitted += n;
            break;
        case TxnOutcome::Aborted:
            ++txn_.aborted;
            ++bucket_.point.txnAborted;
            txn_.recordsAborted += n;
            break;
        case TxnOutcome::Fenced:
            ++txn_.fenced;
            ++bucket_.point.txnFenced;
            txn_.recordsFenced += n;
            break;
        case TxnOutcome::Open: break;
    }
}

void ProducerRun::txnEnd(bool abort, uint64_t TxnCounters::*abortReason) {
    if (!txnOpen_) return;
    rd_kafka_t* rk = producer_.get();
    if (!abort) {
        for (int attempt = 1;; ++attempt) {
            const auto start = Clock::now();
            TxnError err(rd_kafka_commit_transaction(rk, -1));  // -1: the rest of transaction.timeout.ms
            serve(0);
            if (!err) {
                const auto now = Clock::now();
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - start).count();
                commitLatency_.record(us);
                bucketCommit_.record(us);
                txnMarkOpen(TxnOutcome::Committed);
                txnAdaptCap(now);
                return;
            }
            txnNoteError("commit_transaction", err.get());
            if (fatal_) {
                txnMarkOpen(TxnOutcome::Fenced);
                return;
            }
            if (rd_kafka_error_txn_requires_abort(err.get()) || !rd_kafka_error_is_retriable(err.get()) ||
                attempt >= kRetriableAttempts)
                break;  // abort below
        }
        abortReason = &TxnCounters::abortedAfterError;
    }
    if (abortReason != &TxnCounters::abortedAfterError) {
        // A planned or on-demand abort comes after the transaction's records are written, as when an application
        // decides to roll back once it has sent everything: the brokers hold them (read_uncommitted shows them),
        // the abort markers hide them from read_committed. Without the flush, abort would mostly purge records
        // that never left the client, and there would be nothing to hide.
        rd_kafka_flush(rk, static_cast<int>(std::min<int64_t>(options_.drainTimeoutMs, INT32_MAX)));
        serve(0);
    }
    for (int attempt = 1;; ++attempt) {
        TxnError err(rd_kafka_abort_transaction(rk, kAbortTimeoutMs));
        serve(0);
        if (!err) {
            ++(txn_.*abortReason);
            txnMarkOpen(TxnOutcome::Aborted);
            return;
        }
        txnNoteError("abort_transaction", err.get());
        if (fatal_) {
            txnMarkOpen(TxnOutcome::Fenced);
            return;
        }
        if (!rd_kafka_error_is_retriable(err.get()) || attempt >= kRetriableAttempts) {
            // Neither aborted nor fatal: the coordinator aborts it at transaction.timeout.ms; the producer cannot go on.
            fatal_ = true;
            fatalError_ = std::string("abort_transaction: ") + rd_kafka_error_string(err.get());
            txnMarkOpen(TxnOutcome::Open);
            return;
        }
    }
}

void ProducerRun::txnAdaptCap(Clock::time_point committedAt) {
    // Duration transactions: the next one may keep in flight what this one got acknowledged in two durations (its
    // records over begin-to-commit; two, so the pipeline stays full while the commit's round trips are made),
    // within [1,000, 100,000] records.
    const auto& x = options_.traffic.transaction;
    if (x.durationMs <= 0) return;
    const double secs = std::chrono::duration<double>(committedAt - txnStart_).count();
    if (secs <= 0) return;
    const double perDuration = static_cast<double>(txnRecords_.back().records) / secs * 2.0 * static_cast<double>(x.durationMs) / 1000.0;
    txnInFlightCap_ = static_cast<uint64_t>(std::clamp(perDuration, 1000.0, 100'000.0));
}

void ProducerRun::txnServeFaults() {
    std::vector<FaultSpec> due;
    {
        std::lock_guard lock(producerFaultsMutex_);
        const int64_t now = msSinceStart(Clock::now());
        while (!producerFaults_.empty() && producerFaults_.front().atMs <= now) {
            due.push_back(producerFaults_.front());
            producerFaults_.erase(producerFaults_.begin());
        }
        nextProducerFaultMs_.store(producerFaults_.empty() ? INT64_MAX : producerFaults_.front().atMs,
                                   std::memory_order_relaxed);
    }
    for (const auto& f : due) {
        FiredFault fired;
        fired.atMs = msSinceStart(Clock::now());
        fired.spec = f.text;
        if (f.kind == FaultSpec::Kind::Abort) {
            if (txnOpen_) {
                const int64_t records = static_cast<int64_t>(counters_.sent) - txnRecords_.back().firstSeq;
                txnEnd(true, &TxnCounters::abortedOnDemand);
                fired.ok = txnRecords_.back().outcome == TxnOutcome::Aborted;
                fired.result = fired.ok ? "transaction " + std::to_string(txn_.begun) + " aborted (" +
                                              std::to_string(records) + " records)"
                                        : "abort failed: " + fatalError_;
            } else {
                txnAbortNext_ = true;
                fired.ok = true;
                fired.result = "no transaction open: the next one will be aborted";
            }
        } else if (f.kind == FaultSpec::Kind::Zombie) {
            txnStartZombie(fired);
        } else {
            fired.result = "not a producer fault";
        }
        {
            std::lock_guard lock(mutex_);
            firedProducerFaults_.push_back(fired);
        }
        if (producerFaultListener_) producerFaultListener_(fired);
    }
}

void ProducerRun::txnStartZombie(FiredFault& fired) {
    // A second producer with the same transactional.id, as a restarted instance of the same service would be:
    // its init_transactions bumps the producer epoch, the coordinator aborts our open transaction, and our next
    // request is refused (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH -> librdkafka's fatal _FENCED).
    KafkaConf conf(rd_kafka_conf_new());
    for (const auto& [k, v] : confProps_) confSet(conf.get(), k, v);
    confSet(conf.get(), "client.id", "acklab-zombie");
    rd_kafka_conf_set_log_cb(conf.get(), discardLog);
    char errstr[512];
    zombie_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!zombie_) {
        fired.result = std::string("zombie producer not created: ") + errstr;
        return;
    }
    (void)conf.release();
    const auto start = Clock::now();
    TxnError err(rd_kafka_init_transactions(zombie_.get(), kInitTimeoutMs));
    serve(0);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (err) {
        fired.result = std::string("the zombie's init_transactions failed: ") + rd_kafka_error_string(err.get());
        zombie_.reset();
        return;
    }
    fired.ok = true;
    fired.result = "a second producer with transactional.id '" + txnId_ + "' initialised in " + std::to_string(ms) +
                   " ms (a new producer epoch): a cluster that fences refuses this run's producer at its next request";
}

void ProducerRun::txnOnFatal() {
    if (txnOpen_) txnMarkOpen(TxnOutcome::Fenced);
    if (options_.traffic.transaction.rebuildOnFatal && !stopRequested_) txnRebuild();
}

bool ProducerRun::txnRebuild() {
    // What the fenced producer still holds fails with a purge error (counted, not sent to the DLQ: transient).
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    const auto end = Clock::now() + std::chrono::milliseconds(2000);
    while (counters_.inFlight() > 0 && Clock::now() < end) serve(20);
    if (counters_.inFlight() > 0) return false;  // accounting first: keep the old producer and end the run
    txnTopics_.clear();
    topic_.reset();
    producer_.reset();
    try {
        producer_ = createProducer();
    } catch (const RunError& e) {
        fatalError_ += std::string("; rebuild failed: ") + e.what();
        return false;
    }
    topic_ = topicHandle(producer_.get(), options_.traffic.topic);
    for (const auto& t : options_.traffic.allTopics()) txnTopics_.push_back(topicHandle(producer_.get(), t));
    const std::string was = fatalError_;
    fatal_ = false;
    fatalError_.clear();
    ++txn_.rebuilds;
    RunEvent ev;
    ev.tMs = msSinceStart(Clock::now());
    ev.severity = "info";
    ev.message = "Producer rebuilt after the fatal error (" + was +
                 "): a new instance with the same transactional.id carries on (its init_transactions fences the other).";
    addEvent(std::move(ev));
    zombie_.reset();
    return txnInit();
}

}  // namespace acklab
