#pragma once
// The live end-to-end tracker: a consumer beside a run that follows the run's topic while the run goes and
// judges every record of the run by its tag (run id + sequence number), against what the producer was told.
//
//  - The producer publishes each delivery report into board() (SeqOutcomeBoard: atomic bits, no lock).
//  - The consumer is assign()ed every partition of the topic from the high watermarks read when the tracker
//    is built (the offsets at the run's start) and reads with read_uncommitted, like the after-run audit.
//  - e2e latency = wall time when the record is consumed - its CreateTime timestamp (set by librdkafka at
//    produce()). Resolution 1 ms: timestamps are whole milliseconds, so a value reads up to 1 ms high.
//  - Lost so far: a checkpoint notes the acknowledged sequences not yet seen, reads every partition's high
//    watermark, waits until the consumer has read up to those watermarks and `graceMs` has passed, and
//    declares the still-unseen ones lost. Matching is by tag, never by offset: after an acks=1 leader crash
//    the log is truncated and offsets are reused. A record declared lost and read later is taken back.
//  - Duplicates, reorders (within partition and key) and unacknowledged arrivals as in the audit (Auditor.h).
//
// Threads: one of its own (consumer + judgement). Readers take snapshot()s (the window at ~30 Hz): the tracker
// publishes once per interval under a mutex, never per record. Memory: bitsets per 65,536 sequences
// (~40 KiB per chunk, producer + tracker side); a monitor's ring is recycled as chunks are judged.
#include "audit/E2eTypes.h"
#include "audit/SeqOutcomeBoard.h"
#include "audit/WatermarkProbe.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace acklab {

class E2eError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class E2eTracker {
public:
    using Clock = std::chrono::steady_clock;

    // Creates the consumer and reads the topic's partitions and their start offsets (throws E2eError naming
    // what failed: bad property, topic without partitions, watermarks unreadable).
    explicit E2eTracker(E2eOptions options);
    ~E2eTracker();  // stops and joins
    E2eTracker(const E2eTracker&) = delete;
    E2eTracker& operator=(const E2eTracker&) = delete;

    // Where the producer publishes its delivery reports (ProducerRun::setOutcomeBoard), before it starts.
    SeqOutcomeBoard& board() { return *board_; }

    void start(Clock::time_point t0 = Clock::now());  // t0: the run's start, so intervals line up
    // The run has ended having sent sequences 0 .. sent-1: what has no report by now stays unacknowledged.
    void producerFinished(int64_t sent);
    // Waits until a judgement begun after producerFinished() has completed (every acknowledgement judged), then
    // stops. False when `bound` passed first (the counts are then those judged so far).
    bool finish(std::chrono::milliseconds bound);
    void stop();  // stops now (a monitor's end); counts stay as judged
    // The tracker has stopped (final judgement done, finishTimeoutMs passed, or stop()); snapshots are final.
    bool done() const { return done_.load(std::memory_order_acquire); }

    E2eSnapshot snapshot(size_t pointsFrom = 0) const;
    const E2eOptions& options() const { return options_; }

private:
    struct Mirror;  // the tracker's own bits of one chunk (seen, lost, candidate)
    struct Partition {
        int32_t id = 0;
        int64_t start = 0;       // where the run began
        int64_t next = 0;        // next offset to read (what has been read + 1)
        int64_t target = -1;     // the checkpoint's high watermark
        int64_t replayUntil = -1;  // re-reading after an offset reset: already-seen below here are not copies
    };

    void threadMain();
    void consumeBatch(int timeoutMs);
    void onRecord(const rd_kafka_message_t* m, int64_t nowUs);
    void onConsumerError(const rd_kafka_message_t* m);
    Mirror* mirror(int64_t chunk, bool create);
    void beginCheckpoint();
    void abandonStalledCheckpoint();
    bool watermarksRead();  // the checkpoint's high watermarks have arrived (false: not yet, or the read failed)
    bool checkpointDue(Clock::time_point now) const;
    void completeCheckpoint();
    void recycleJudged();
    void scanBoard(bool atEnd);  // acknowledged and arrived-unacknowledged totals from the bits
    void closeInterval(Clock::time_point now, bool final);
    void publish(bool final);
    void setError(const std::string& e);

    E2eOptions options_;
    std::unique_ptr<SeqOutcomeBoard> board_;
    struct Consumer;
    std::unique_ptr<Consumer> consumer_;
    std::unique_ptr<WatermarkProbe> probe_;
    bool targetsKnown_ = false;
    std::vector<Partition> partitions_;
    std::thread thread_;
    Clock::time_point t0_{};

    // The tracker thread's own.
    std::vector<std::unique_ptr<Mirror>> mirrors_;  // ring, parallel to the board's
    int64_t base_ = 0;                               // lowest chunk not yet recycled
    E2eTotals totals_;
    uint64_t settledArrivedUnacked_ = 0, settledAcked_ = 0;  // of recycled chunks
    E2ePoint bucket_;
    LatencyHistogram bucketLatency_;
    int64_t bucketIndex_ = 0;
    std::unordered_map<std::string, int64_t> lastSeq_;  // per partition/key: highest sequence read first-time
    bool inCheckpoint_ = false;
    int64_t checkpointId_ = 0;
    Clock::time_point checkpointT0_{};
    Clock::time_point lastCheckpointEnd_{};
    Clock::time_point lastReadAt_{};  // when the consumer last read a record
    bool caughtUp_ = false;
    int64_t lastJudgedMs_ = -1;

    // Shared.
    std::atomic<bool> stopRequested_{false};
    std::atomic<int64_t> finishedSent_{-1};     // producerFinished(sent)
    std::atomic<int64_t> finishRequestedAt_{-1}; // ns since t0 when producerFinished was called
    std::atomic<bool> finalJudged_{false};
    std::atomic<bool> done_{false};
    mutable std::mutex mutex_;
    std::condition_variable doneCv_;
    std::string state_ = "starting";
    std::string error_;
    int64_t errorAtMs_ = -1;  // when error_ was set, ms from t0_
    E2eTotals published_;
    std::deque<E2ePoint> points_;
    size_t pointsDropped_ = 0;
    int64_t publishedCheckpoints_ = 0;
    int64_t publishedJudgedMs_ = -1;
    bool publishedCaughtUp_ = false;
    bool complete_ = false;
};

}  // namespace acklab
