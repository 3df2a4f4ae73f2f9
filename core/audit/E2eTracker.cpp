#include "audit/E2eTracker.h"

#include "audit/RecordTag.h"
#include "common/RdKafka.h"

#include <algorithm>
#include <bit>

namespace acklab {

using SeqWords = std::vector<uint64_t>;

struct E2eTracker::Mirror {
    int64_t chunk = -1;
    SeqWords seen = SeqWords(SeqOutcomeBoard::kWords, 0);
    SeqWords lost = SeqWords(SeqOutcomeBoard::kWords, 0);
    SeqWords candidate = SeqWords(SeqOutcomeBoard::kWords, 0);  // acknowledged, unseen when the checkpoint began
    int64_t fullAt = 0;  // the checkpoint at whose start every sequence of the chunk had its report (0: not yet)
    void reset(int64_t c) {
        chunk = c;
        std::fill(seen.begin(), seen.end(), 0);
        std::fill(lost.begin(), lost.end(), 0);
        std::fill(candidate.begin(), candidate.end(), 0);
        fullAt = 0;
    }
};

struct E2eTracker::Consumer {
    KafkaHandle rk;
    KafkaQueue queue;
};

namespace {

constexpr auto kCheckpointSpacing = std::chrono::milliseconds(250);
// A checkpoint whose consumer reads nothing this long while behind the watermarks it waits for is given up.
constexpr auto kCheckpointStall = std::chrono::seconds(8);

int64_t wallMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

E2eTracker::E2eTracker(E2eOptions options) : options_(std::move(options)) {
    if (options_.topic.empty()) throw E2eError("e2e: no topic");
    if (options_.runId.empty()) throw E2eError("e2e: no run id");
    if (options_.intervalMs < 10 || options_.intervalMs > 60'000) throw E2eError("e2e interval: must be 10 ms to 60 s");
    if (options_.graceMs < 0 || options_.graceMs > 3'600'000) throw E2eError("e2e grace: must be 0 to 1 hour");
    const size_t ring = options_.expectedMessages > 0 ? SeqOutcomeBoard::chunksFor(options_.expectedMessages)
                                                      : std::max<size_t>(options_.ringChunks, 2);
    board_ = std::make_unique<SeqOutcomeBoard>(ring);
    mirrors_.resize(ring);

    KafkaConf conf(rd_kafka_conf_new());
    for (const auto& [k, v] : options_.clientProperties)
        if (auto e = confSet(conf.get(), k, v); !e.empty()) throw E2eError("e2e consumer: " + k + ": " + e);
    confSet(conf.get(), "bootstrap.servers", options_.bootstrap);
    confSet(conf.get(), "group.id", "acklab-e2e-" + options_.runId);
    confSet(conf.get(), "client.id", "acklab-e2e");
    confSet(conf.get(), "enable.auto.commit", "false");
    confSet(conf.get(), "enable.auto.offset.store", "false");
    // A position past the log's end (a truncated log) is handled here (re-read the partition), never skipped.
    confSet(conf.get(), "auto.offset.reset", "error");
    confSet(conf.get(), "fetch.wait.max.ms", "20");  // e2e latency: do not let the broker hold a fetch long
    confSet(conf.get(), "fetch.error.backoff.ms", "100");
    // A producer batch can exceed the 1 MiB default partition fetch (unthrottled, batch.size 1 MB + overhead); the
    // embedded cluster then never returns it and the consumer stalls (seen at 9,081 of 300,000): fetch more.
    confSet(conf.get(), "max.partition.fetch.bytes", "16777216");
    confSet(conf.get(), "fetch.max.bytes", "67108864");
    confSet(conf.get(), "receive.message.max.bytes", "67109376");
    // Records a failed idempotent/transactional producer left behind count, as in the audit.
    confSet(conf.get(), "isolation.level", "read_uncommitted");
    rd_kafka_conf_set_log_cb(conf.get(), discardLog);
    char errstr[512];
    consumer_ = std::make_unique<Consumer>();
    consumer_->rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), errstr, sizeof errstr));
    if (!consumer_->rk) throw E2eError(std::string("e2e consumer not created: ") + errstr);
    rd_kafka_t* rk = consumer_->rk.get();
    rd_kafka_poll_set_consumer(rk);
    consumer_->queue.reset(rd_kafka_queue_get_consumer(rk));

    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, options_.topic.c_str(), nullptr);
    auto err = rd_kafka_metadata(rk, 0, rkt, &md, 10'000);
    rd_kafka_topic_destroy(rkt);
    if (err) throw E2eError("e2e: metadata for '" + options_.topic + "': " + rd_kafka_err2str(err));
    KafkaMetadata owned(md);
    // Every broker the cluster named, after the bootstrap given: the watermark reads use fresh clients, which must
    // still find the cluster when the bootstrap broker is the one that died.
    std::string probeBootstrap = options_.bootstrap;
    for (int b = 0; b < md->broker_cnt; ++b)
        probeBootstrap += "," + std::string(md->brokers[b].host) + ":" + std::to_string(md->brokers[b].port);
    for (int t = 0; t < md->topic_cnt; ++t) {
        if (options_.topic != md->topics[t].topic) continue;
        if (md->topics[t].err)
            throw E2eError("e2e: topic '" + options_.topic + "': " + rd_kafka_err2str(md->topics[t].err));
        for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
            Partition part;
            part.id = md->topics[t].partitions[p].id;
            int64_t lo = 0, hi = 0;
            err = queryWatermarks(rk, options_.topic, part.id, lo, hi, 10'000);
            if (err)
                throw E2eError("e2e: watermarks of partition " + std::to_string(part.id) + ": " + rd_kafka_err2str(err));
            part.start = part.next = hi;
            partitions_.push_back(part);
        }
    }
    if (partitions_.empty()) throw E2eError("e2e: topic '" + options_.topic + "' has no partitions");
    std::sort(partitions_.begin(), partitions_.end(), [](const Partition& a, const Partition& b) { return a.id < b.id; });
    // Assigned now, before the producer starts, so the fetchers are ready when the first record lands.
    KafkaTopicPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions_.size())));
    for (const auto& p : partitions_) rd_kafka_topic_partition_list_add(list.get(), options_.topic.c_str(), p.id)->offset = p.start;
    if ((err = rd_kafka_assign(rk, list.get()))) throw E2eError(std::string("e2e: assign: ") + rd_kafka_err2str(err));
    std::vector<int32_t> ids;
    for (const auto& p : partitions_) ids.push_back(p.id);
    probe_ = std::make_unique<WatermarkProbe>(probeBootstrap, options_.clientProperties, options_.topic, ids,
                                              static_cast<int>(options_.watermarkTimeoutMs));
}

E2eTracker::~E2eTracker() {
    stop();
    if (consumer_ && consumer_->rk) {
        consumer_->queue.reset();
        rd_kafka_consumer_close(consumer_->rk.get());
    }
}

void E2eTracker::start(Clock::time_point t0) {
    if (thread_.joinable()) return;
    t0_ = t0;
    lastCheckpointEnd_ = t0;
    thread_ = std::thread([this] { threadMain(); });
}

void E2eTracker::producerFinished(int64_t sent) {
    // The first call counts (RunSession::finished() may repeat it at every poll).
    int64_t none = -1;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0_).count();
    finishedSent_.store(std::max<int64_t>(sent, 0), std::memory_order_release);
    if (!finishRequestedAt_.compare_exchange_strong(none, std::max<int64_t>(ns, 0), std::memory_order_acq_rel)) return;
    std::lock_guard lock(mutex_);
    if (state_ == "following") state_ = "finishing";
}

bool E2eTracker::finish(std::chrono::milliseconds bound) {
    if (finishRequestedAt_.load() < 0) producerFinished(INT64_MAX);
    bool judged = false;
    {
        std::unique_lock lock(mutex_);
        judged = doneCv_.wait_for(lock, bound, [this] { return done_.load(); }) && finalJudged_.load();
    }
    stop();
    return judged;
}

void E2eTracker::stop() {
    stopRequested_.store(true, std::memory_order_release);
    if (thread_.joinable()) thread_.join();
}

// ---- the tracker thread

void E2eTracker::threadMain() {
    {
        std::lock_guard lock(mutex_);
        state_ = finishRequestedAt_.load() >= 0 ? "finishing" : "following";
    }
    while (!stopRequested_.load(std::memory_order_acquire) && !finalJudged_.load()) {
        consumeBatch(20);
        const auto now = Clock::now();
        if (const int64_t finishAt = finishRequestedAt_.load(std::memory_order_acquire);
            finishAt >= 0 && now - t0_ > std::chrono::nanoseconds(finishAt) + std::chrono::milliseconds(options_.finishTimeoutMs)) {
            setError("final judgement not reached within " + std::to_string(options_.finishTimeoutMs) +
                     " ms after the run ended (consumer not caught up): counts are those judged so far");
            break;
        }
        if (now >= t0_ + std::chrono::milliseconds((bucketIndex_ + 1) * options_.intervalMs)) closeInterval(now, false);
        if (!inCheckpoint_) {
            if (now >= lastCheckpointEnd_ + kCheckpointSpacing) beginCheckpoint();
        } else if (watermarksRead()) {
            bool atEnd = true;
            for (const auto& p : partitions_) atEnd = atEnd && p.next >= p.target;
            if (atEnd && now >= checkpointT0_ + std::chrono::milliseconds(options_.graceMs)) completeCheckpoint();
            else if (!atEnd && now >= std::max(lastReadAt_, checkpointT0_) + kCheckpointStall) abandonStalledCheckpoint();
        }
    }
    closeInterval(Clock::now(), true);
    {
        std::lock_guard lock(mutex_);
        state_ = "finished";
        complete_ = finalJudged_.load();
        done_.store(true, std::memory_order_release);
    }
    doneCv_.notify_all();
}

void E2eTracker::consumeBatch(int timeoutMs) {
    rd_kafka_message_t* batch[512];
    const ssize_t n = rd_kafka_consume_batch_queue(consumer_->queue.get(), timeoutMs, batch, 512);
    if (n <= 0) return;
    // A batch returned after an interval's end belongs to the next interval: close it first, so an interval
    // counts only records read before its end (the monitor sets these counts beside the producer's sent count of
    // the same boundary: read back must not run ahead of it).
    const auto now = Clock::now();
    if (now >= t0_ + std::chrono::milliseconds((bucketIndex_ + 1) * options_.intervalMs)) closeInterval(now, false);
    const int64_t nowUs = wallMicros();  // one clock read per batch
    for (ssize_t i = 0; i < n; ++i) {
        KafkaMessage m(batch[i]);
        if (m->err) {
            onConsumerError(m.get());
        } else {
            lastReadAt_ = now;
            onRecord(m.get(), nowUs);
        }
    }
}

void E2eTracker::onConsumerError(const rd_kafka_message_t* m) {
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
    const bool reset = m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE;
    auto it = std::find_if(partitions_.begin(), partitions_.end(), [&](const Partition& p) { return p.id == m->partition; });
    if (!reset || it == partitions_.end()) {
        setError(std::string(rd_kafka_err2name(m->err)) + ": " + rd_kafka_message_errstr(m));
        return;
    }
    // The broker called the position out of range. Below the partition's end (the embedded cluster says so now and
    // then under load): carry on from where this consumer is. Past the end, the log was truncated (an acks=1 leader
    // crash): re-read the partition from the run's start; records read before, below the old position, are not
    // counted again as copies. (Records written at reused offsets before the reset is noticed can be missed.)
    int64_t lo = -1, hi = -1;
    rd_kafka_get_watermark_offsets(consumer_->rk.get(), options_.topic.c_str(), it->id, &lo, &hi);
    if (lo >= 0 && it->next < lo) {
        // The log's start moved past the position (retention; the embedded cluster keeps a bounded log): what lay
        // between is gone from the log, and its acknowledged records will be judged lost, as the audit finds them.
        setError("partition " + std::to_string(it->id) + ": records " + std::to_string(it->next) + " to " +
                 std::to_string(lo - 1) + " deleted from the log before they were read (retention)");
        it->next = lo;
    } else if (hi < 0 || it->next > hi) {
        it->replayUntil = std::max(it->replayUntil, it->next);
        it->next = it->start;
        setError("partition " + std::to_string(it->id) + ": log truncated below the consumer, re-reading from " +
                 std::to_string(it->start));
    }
    // Fetching stopped on the error: assign again, every partition at its own position.
    KafkaTopicPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions_.size())));
    for (const auto& p : partitions_) rd_kafka_topic_partition_list_add(list.get(), options_.topic.c_str(), p.id)->offset = p.next;
    if (const auto err = rd_kafka_assign(consumer_->rk.get(), list.get()))
        setError(std::string("e2e: assign after an offset reset: ") + rd_kafka_err2str(err));
}

E2eTracker::Mirror* E2eTracker::mirror(int64_t chunk, bool create) {
    auto& slot = mirrors_[static_cast<size_t>(chunk) % mirrors_.size()];
    if (slot && slot->chunk == chunk) return slot.get();
    if (!create) return nullptr;
    if (!slot) slot = std::make_unique<Mirror>();
    slot->reset(chunk);
    return slot.get();
}

void E2eTracker::onRecord(const rd_kafka_message_t* m, int64_t nowUs) {
    auto part = std::find_if(partitions_.begin(), partitions_.end(), [&](const Partition& p) { return p.id == m->partition; });
    if (part != partitions_.end()) part->next = std::max(part->next, m->offset + 1);
    std::string_view run;
    int64_t seq = -1;
    if (!readRecordTag(m, run, seq) || run != options_.runId) return;
    const int64_t chunk = seq >> SeqOutcomeBoard::kChunkBits;
    if (chunk < base_) {
        ++totals_.late;
        return;
    }
    if (chunk >= base_ + static_cast<int64_t>(mirrors_.size())) {
        ++totals_.untracked;
        return;
    }
    Mirror* mi = mirror(chunk, true);
    const auto off = static_cast<size_t>(seq & (SeqOutcomeBoard::kChunkSeqs - 1));
    const size_t w = off / 64;
    const uint64_t bit = uint64_t{1} << (off % 64);
    if (mi->seen[w] & bit) {
        if (part != partitions_.end() && m->offset < part->replayUntil) return;  // re-read, not a new copy
        ++totals_.duplicated;
        ++bucket_.duplicated;
        return;  // a copy says nothing new about order
    }
    mi->seen[w] |= bit;
    ++totals_.seen;
    ++bucket_.seen;
    if (mi->lost[w] & bit) {  // declared lost, read after all
        mi->lost[w] &= ~bit;
        if (totals_.lost > 0) --totals_.lost;
    }
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const int64_t tsMs = rd_kafka_message_timestamp(m, &type);
    if (tsMs > 0) {
        const int64_t us = std::max<int64_t>(nowUs - tsMs * 1000, 0);
        totals_.latency.record(us);
        bucketLatency_.record(us);
    }
    auto [it, inserted] = lastSeq_.emplace(orderScope(m), seq);
    if (!inserted) {
        if (seq < it->second) {
            ++totals_.reordered;
            ++bucket_.reordered;
        } else {
            it->second = seq;
        }
    }
}

void E2eTracker::beginCheckpoint() {
    const auto t0 = Clock::now();
    const int64_t id = checkpointId_ + 1;
    // Every acknowledged sequence not seen yet becomes a candidate: acknowledged before t0.
    for (int64_t c = base_; c < base_ + static_cast<int64_t>(mirrors_.size()); ++c) {
        if (!board_->used(c)) continue;
        Mirror* mi = nullptr;
        bool full = true;
        for (size_t w = 0; w < SeqOutcomeBoard::kWords; ++w) {
            const uint64_t a = board_->ackedWord(c, w);
            full = full && (a | board_->failedWord(c, w)) == ~uint64_t{0};
            if (!a) continue;
            if (!mi) mi = mirror(c, true);
            mi->candidate[w] |= a & ~mi->seen[w] & ~mi->lost[w];
        }
        if (full) {
            if (!mi) mi = mirror(c, true);
            if (mi->fullAt == 0) mi->fullAt = id;
        }
    }
    // The high watermarks read after t0 cover every record acknowledged before it (acks=all/1: written by then).
    // Read on the probe's thread: this one keeps consuming meanwhile.
    probe_->request();
    targetsKnown_ = false;
    checkpointId_ = id;
    checkpointT0_ = t0;
    inCheckpoint_ = true;
}

// The watermarks were read, then the consumer stopped reading before it reached them: the broker it fetches from
// went away in between (a broker down, the whole cluster down). Waiting on would leave the tracker silent for as long
// as that lasts; the checkpoint is given up like a failed watermark read instead (its candidates stay), the stall is
// named, and the next checkpoint's watermark read tells what the cluster answers now.
void E2eTracker::abandonStalledCheckpoint() {
    std::string behind;
    for (const auto& p : partitions_) {
        if (p.next >= p.target) continue;
        behind += (behind.empty() ? "" : ", ") + std::to_string(p.id) + " at offset " + std::to_string(p.next) +
                  " of " + std::to_string(p.target);
    }
    const auto quiet = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - std::max(lastReadAt_, checkpointT0_));
    setError("consumer stalled: nothing read for " + std::to_string(quiet.count()) + " s with partition(s) " + behind +
             " behind the watermarks of checkpoint " + std::to_string(checkpointId_) +
             " (their leader unreachable, or the log truncated below them): judged at the next checkpoint");
    caughtUp_ = false;
    inCheckpoint_ = false;
    --checkpointId_;
    lastCheckpointEnd_ = Clock::now();
}

bool E2eTracker::watermarksRead() {
    if (targetsKnown_) return true;
    auto r = probe_->take();
    if (!r) return false;
    if (!r->error.empty() || r->high.size() != partitions_.size()) {
        // Try again shortly with a new checkpoint; the candidates stay (they only get older).
        caughtUp_ = false;
        inCheckpoint_ = false;
        --checkpointId_;
        lastCheckpointEnd_ = Clock::now();
        setError(r->error.empty() ? "watermarks: incomplete answer" : r->error);
        return false;
    }
    for (size_t i = 0; i < partitions_.size(); ++i) partitions_[i].target = r->high[i];
    targetsKnown_ = true;
    return true;
}

void E2eTracker::completeCheckpoint() {
    uint64_t newly = 0;
    for (auto& mi : mirrors_) {
        if (!mi || mi->chunk < base_) continue;
        for (size_t w = 0; w < SeqOutcomeBoard::kWords; ++w) {
            const uint64_t l = mi->candidate[w] & ~mi->seen[w] & ~mi->lost[w];
            mi->lost[w] |= l;
            mi->candidate[w] = 0;
            newly += static_cast<uint64_t>(std::popcount(l));
        }
    }
    totals_.lost += newly;
    bucket_.newlyLost += newly;
    caughtUp_ = true;
    lastJudgedMs_ = std::chrono::duration_cast<std::chrono::milliseconds>(checkpointT0_ - t0_).count();
    inCheckpoint_ = false;
    lastCheckpointEnd_ = Clock::now();
    if (options_.expectedMessages == 0) recycleJudged();
    const int64_t finishAt = finishRequestedAt_.load(std::memory_order_acquire);
    if (finishAt >= 0 && std::chrono::duration_cast<std::chrono::nanoseconds>(checkpointT0_ - t0_).count() > finishAt)
        finalJudged_.store(true);
}

void E2eTracker::recycleJudged() {
    // In order: the lowest chunk goes once every sequence had its report before a completed checkpoint began.
    for (;;) {
        Mirror* mi = mirror(base_, false);
        if (!mi || mi->fullAt == 0 || mi->fullAt > checkpointId_) return;
        for (size_t w = 0; w < SeqOutcomeBoard::kWords; ++w) {
            const uint64_t a = board_->ackedWord(base_, w);
            settledAcked_ += static_cast<uint64_t>(std::popcount(a));
            settledArrivedUnacked_ += static_cast<uint64_t>(std::popcount(mi->seen[w] & ~a));
        }
        board_->recycle(base_);
        mi->reset(-1);
        ++base_;
    }
}

void E2eTracker::scanBoard(bool atEnd) {
    const int64_t sent = finishedSent_.load(std::memory_order_acquire);
    uint64_t acked = settledAcked_, arrived = settledArrivedUnacked_;
    for (int64_t c = base_; c < base_ + static_cast<int64_t>(mirrors_.size()); ++c) {
        if (!board_->used(c)) continue;
        const Mirror* mi = mirror(c, false);
        for (size_t w = 0; w < SeqOutcomeBoard::kWords; ++w) {
            const uint64_t a = board_->ackedWord(c, w);
            acked += static_cast<uint64_t>(std::popcount(a));
            if (!mi) continue;
            // Failed and read; at the end also read without any report (in flight when the run ended).
            uint64_t unacked = atEnd ? ~a : board_->failedWord(c, w);
            if (atEnd && sent >= 0) {
                const int64_t first = c * SeqOutcomeBoard::kChunkSeqs + static_cast<int64_t>(w) * 64;
                if (first >= sent) unacked = 0;
                else if (sent - first < 64) unacked &= (uint64_t{1} << (sent - first)) - 1;
            }
            arrived += static_cast<uint64_t>(std::popcount(mi->seen[w] & unacked));
        }
    }
    totals_.acknowledged = acked;
    totals_.arrivedUnacknowledged = arrived;
}

void E2eTracker::closeInterval(Clock::time_point now, bool final) {
    while (final || now >= t0_ + std::chrono::milliseconds((bucketIndex_ + 1) * options_.intervalMs)) {
        publish(final);
        ++bucketIndex_;
        if (final) break;
    }
}

void E2eTracker::publish(bool final) {
    scanBoard(final && finishedSent_.load() >= 0);
    totals_.untracked = std::max(totals_.untracked, board_->overflowed());
    E2ePoint& p = bucket_;
    p.tMs = bucketIndex_ * options_.intervalMs;
    p.lost = totals_.lost;
    p.arrivedUnacknowledged = totals_.arrivedUnacknowledged;
    p.p50Ms = static_cast<double>(bucketLatency_.percentile(0.50)) / 1000.0;
    p.p99Ms = static_cast<double>(bucketLatency_.percentile(0.99)) / 1000.0;
    p.maxMs = static_cast<double>(bucketLatency_.max()) / 1000.0;
    {
        std::lock_guard lock(mutex_);
        points_.push_back(p);
        if (options_.maxPoints > 0 && points_.size() > options_.maxPoints) {
            points_.pop_front();
            ++pointsDropped_;
        }
        published_ = totals_;
        publishedCheckpoints_ = checkpointId_ - (inCheckpoint_ ? 1 : 0);
        publishedJudgedMs_ = lastJudgedMs_;
        publishedCaughtUp_ = caughtUp_;
    }
    bucket_ = E2ePoint{};
    bucketLatency_.reset();
}

void E2eTracker::setError(const std::string& e) {
    const int64_t at = t0_ == Clock::time_point{}
                           ? 0
                           : std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0_).count();
    std::lock_guard lock(mutex_);
    error_ = e;
    errorAtMs_ = at;
}

E2eSnapshot E2eTracker::snapshot(size_t pointsFrom) const {
    E2eSnapshot s;
    s.runId = options_.runId;
    std::lock_guard lock(mutex_);
    s.state = state_;
    s.error = error_;
    s.errorAtMs = error_.empty() ? -1 : errorAtMs_;
    s.complete = complete_;
    s.caughtUp = publishedCaughtUp_;
    s.checkpoints = publishedCheckpoints_;
    s.lastJudgedMs = publishedJudgedMs_;
    s.totals = published_;
    const size_t end = pointsDropped_ + points_.size();
    const size_t from = std::max(pointsFrom, pointsDropped_);
    if (from < end) s.points.assign(points_.begin() + static_cast<std::ptrdiff_t>(from - pointsDropped_), points_.end());
    s.pointsEnd = end;
    s.pointsDropped = pointsDropped_;
    return s;
}

}  // namespace acklab
