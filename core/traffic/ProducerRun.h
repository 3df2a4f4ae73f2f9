#pragma once
// One producer, one thread: paces produce() by scheduled send times and serves delivery reports on the same
// thread, so every accumulator has a single writer. Readers (the window's ~30 Hz timer, the CLI at the end)
// take snapshots; the run thread publishes one batch per interval under a mutex, never one per message.
#include "common/RdKafka.h"
#include "dlq/DlqWriter.h"
#include "traffic/FailureCauses.h"
#include "traffic/FailureEventFolder.h"
#include "traffic/InFlightTracker.h"
#include "traffic/PayloadGenerator.h"
#include "traffic/RunTypes.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

namespace acklab {

class SeqOutcomeBoard;

class RunError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ProducerRun {
public:
    using Clock = std::chrono::steady_clock;

    // Creates the producer (throws RunError with librdkafka's text when it refuses the configuration).
    explicit ProducerRun(RunOptions options);
    ~ProducerRun();  // requests a stop and joins
    // librdkafka holds `this` as its opaque: neither copyable nor movable.
    ProducerRun(const ProducerRun&) = delete;
    ProducerRun& operator=(const ProducerRun&) = delete;

    // Live end-to-end tracking (audit/E2eTracker): every delivery report is also published to this board, lock-free.
    // Set before start(); the board must outlive the run.
    void setOutcomeBoard(SeqOutcomeBoard* board) { board_ = board; }

    void start(Clock::time_point t0 = Clock::now());
    void requestStop();  // stop producing; flush within RunOptions::stopFlushMs; report what was in flight
    bool finished() const { return finished_.load(std::memory_order_acquire); }
    // Waits for the end; false when the timeout passed first.
    bool wait(std::chrono::milliseconds timeout = std::chrono::milliseconds::max());

    RunSnapshot snapshot(size_t timelineFrom = 0, size_t eventsFrom = 0) const;
    RunResult result() const;  // complete once finished()
    // Failed Produce requests librdkafka retried internally, by error name (not message failures).
    std::map<std::string, uint64_t> requestErrors() const;
    const RunOptions& options() const { return options_; }
    const std::string& runId() const { return options_.runId; }
    // Transactional runs: carries out an abort / zombie fault (FaultSpec::isProducerKind) as soon as the run
    // thread gets to it; what it did is in firedProducerFaults() at once and in result().producerFaults. Any thread.
    void fireProducerFault(const FaultSpec& fault);
    std::vector<FiredFault> firedProducerFaults() const;  // carried out so far, in that order. Any thread.
    // Told each producer fault as the run thread carries it out, on that thread. Set before start().
    void setProducerFaultListener(std::function<void(const FiredFault&)> listener) {
        producerFaultListener_ = std::move(listener);
    }
    bool transactional() const { return txnMode_; }
    const std::string& transactionalId() const { return txnId_; }  // "" for a plain run
    Clock::time_point startTime() const { return t0_; }

    static std::string newRunId();

private:
    struct Bucket {
        TimelinePoint point;
        LatencyHistogram latency, sched;
        std::vector<std::pair<int32_t, uint32_t>> failedByCode;
    };

    static void onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque);
    static void onLog(const rd_kafka_t*, int level, const char* fac, const char* buf);
    static int onStats(rd_kafka_t*, char* json, size_t len, void* opaque);
    void callbackFailed(const char* callback, const char* what) noexcept;  // counts; the first of each is an event

    void threadMain();
    void serve(int timeoutMs);     // rd_kafka_poll: delivery reports, errors, statistics
    bool produceOne(int64_t seq);  // false on QUEUE_FULL (caller polls and retries)
    void recordDelivery(const rd_kafka_message_t* msg);
    void recordFailure(int64_t seq, rd_kafka_resp_err_t err, const std::string& errText, int32_t partition,
                       std::optional<std::string> key, std::optional<std::string> value,
                       std::vector<std::pair<std::string, std::string>> headers, int64_t producedAtMs,
                       bool possiblyPersisted);
    void closeIntervals(Clock::time_point now, bool final);
    void publishBucket(bool final);
    void addEvent(RunEvent e);
    std::string timeoutCause();  // the sentence for _MSG_TIMED_OUT events
    std::string topicProblem();
    int64_t msSinceStart(Clock::time_point t) const;
    void setState(const char* s);
    KafkaHandle createProducer();  // from confProps_, with AckLab's callbacks; throws RunError

    // ---- transactional runs (ProducerRunTxn.cpp); all on the run thread
    bool txnInit();                                  // init_transactions; false when it failed (fatal_ set)
    bool txnBegin(int64_t seq);                      // false when the producer cannot begin (fatal_ set)
    void txnEnd(bool abort, uint64_t TxnCounters::*abortReason);  // commit, or abort, the open transaction
    void txnAfterEvent(int64_t seq);                 // ends the transaction when it is full or its time is up
    void txnServeFaults();                           // abort / zombie faults that are due
    void txnAdaptCap(Clock::time_point committedAt); // duration transactions: bound the next one's records in flight
    void txnOnFatal();                               // the open transaction ended by a fatal error; rebuild?
    bool txnRebuild();                               // a new producer after a fatal error
    void txnStartZombie(FiredFault& fired);
    void txnNoteError(const char* operation, const rd_kafka_error_t* error);
    void txnMarkOpen(TxnOutcome outcome);            // the open transaction's outcome, counted

    RunOptions options_;
    std::vector<std::pair<std::string, std::string>> effective_;
    std::unique_ptr<DlqWriter> dlq_;
    PayloadGenerator payload_;
    std::thread thread_;
    Clock::time_point t0_{};
    double nsPerMessage_ = 0;
    std::array<char, 96> tagBuf_{};  // "<run id>/<seq>" of the message being produced

    // Written by the run thread only.
    RunCounters counters_;
    Bucket bucket_;
    int64_t bucketIndex_ = 0;
    LatencyHistogram latency_, schedLatency_;
    std::map<int32_t, uint64_t> errorCounts_;
    std::vector<PartitionDeliveries> partitions_;  // indexed by partition; grown on first sight
    FailureEventFolder folder_{[this] { return timeoutCause(); }};
    std::vector<MessageOutcome> outcomes_;
    InFlightTracker inFlight_;
    SeqOutcomeBoard* board_ = nullptr;  // not owned; see setOutcomeBoard
    Clock::time_point firstProduce_{}, lastReport_{};
    bool anyProduced_ = false, anyReport_ = false;
    uint64_t reportsSinceClock_ = 0;
    bool topicChecked_ = false;
    std::string topicProblem_;
    bool accountingClosed_ = false;
    uint64_t inFlightAtEnd_ = 0, purgedAtEnd_ = 0;
    bool fatal_ = false;
    std::string fatalError_;
    uint64_t dlqSeenTopic_ = 0, dlqSeenFile_ = 0;
    std::vector<std::pair<std::string, std::string>> confProps_;  // what the producer was built from

    // Transactional runs: written by the run thread only.
    bool txnMode_ = false;
    size_t txnTopicCount_ = 1;
    std::string txnId_;
    bool txnOpen_ = false;
    bool txnAbortNext_ = false;       // an abort fault came while no transaction was open
    bool txnNeedsAbort_ = false;      // produce() said the transaction is in an error state
    Clock::time_point txnStart_{};
    int64_t txnEvents_ = 0;           // events in the open transaction
    uint64_t txnInFlightCap_ = 0;     // duration transactions: records in flight at most (0 = no bound)
    TxnCounters txn_;
    LatencyHistogram commitLatency_, bucketCommit_;
    std::vector<TransactionRecord> txnRecords_;
    std::map<std::string, TxnErrorCount> txnErrors_;  // by operation/name/class

    // Shared with readers.
    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> finished_{false};
    mutable std::mutex mutex_;
    std::string state_ = "starting";
    std::vector<TimelinePoint> timeline_;
    std::vector<RunEvent> events_;
    RunCounters published_;
    LatencyHistogram publishedLatency_, publishedSched_;
    std::vector<ErrorCount> publishedErrors_;
    ClientStats stats_;
    int64_t oldestInFlightSentMs_ = -1;
    uint64_t overdue_ = 0;  // RunSnapshot::overdue, published with the interval
    int64_t endMs_ = 0;
    FailureCauses causes_;  // fed from librdkafka's threads; names the cause when messages time out
    std::mutex doneMutex_;
    bool started_ = false;  // under doneMutex_
    std::condition_variable doneCv_;
    std::atomic<uint64_t> callbackErrors_{0};  // callbacks that threw (any thread)
    std::mutex callbackErrorsMutex_;
    std::set<std::string> callbacksReported_;
    // Producer faults (abort, zombie): queued by any thread, carried out by the run thread.
    std::mutex producerFaultsMutex_;
    std::vector<FaultSpec> producerFaults_;          // sorted by atMs
    std::atomic<int64_t> nextProducerFaultMs_{INT64_MAX};
    std::vector<FiredFault> firedProducerFaults_;    // under mutex_
    std::function<void(const FiredFault&)> producerFaultListener_;
    TxnCounters publishedTxn_;                       // under mutex_
    LatencyHistogram publishedCommit_;               // under mutex_

    // Last, so they are destroyed first even when the constructor throws: librdkafka's threads call back into
    // the members above until rd_kafka_destroy returns. topic_ goes before producer_.
    KafkaHandle producer_;
    KafkaTopic topic_;
    std::vector<KafkaTopic> txnTopics_;  // transactional runs: one per topic, record seq goes to seq % size
    KafkaHandle zombie_;                 // the zombie fault's producer (same transactional.id), kept to the end
};

}  // namespace acklab
