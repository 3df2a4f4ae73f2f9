// What a ProducerRun tells while it runs and at its end: the per-interval timeline points and events it
// publishes (on the run thread, at each interval's close), the snapshots the window and the monitor read (any
// thread, under the run's mutex), and the final result.
#include "traffic/ProducerRun.h"

#include "common/Encoding.h"
#include "metrics/ErrorClassifier.h"

#include <algorithm>

namespace acklab {

void ProducerRun::addEvent(RunEvent e) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(e));
}

void ProducerRun::closeIntervals(Clock::time_point now, bool final) {
    // Close every interval that has ended; the current bucket's counts belong to the first of them.
    while (final || now >= t0_ + std::chrono::milliseconds((bucketIndex_ + 1) * options_.intervalMs)) {
        publishBucket(final);
        ++bucketIndex_;
        if (final) break;
    }
}

void ProducerRun::publishBucket(bool final) {
    TimelinePoint& p = bucket_.point;
    p.tMs = bucketIndex_ * options_.intervalMs;
    p.p50Ms = static_cast<double>(bucket_.latency.percentile(0.50)) / 1000.0;
    p.p99Ms = static_cast<double>(bucket_.latency.percentile(0.99)) / 1000.0;
    p.maxMs = static_cast<double>(bucket_.latency.max()) / 1000.0;
    if (nsPerMessage_ <= 0) bucket_.sched = bucket_.latency;  // unthrottled: the same measure (see recordDelivery)
    p.schedP50Ms = static_cast<double>(bucket_.sched.percentile(0.50)) / 1000.0;
    p.schedP99Ms = static_cast<double>(bucket_.sched.percentile(0.99)) / 1000.0;
    p.schedMaxMs = static_cast<double>(bucket_.sched.max()) / 1000.0;
    p.inFlight = counters_.inFlight();
    counters_.dlqTopic = dlq_->toTopic();
    counters_.dlqFile = dlq_->toFile();
    counters_.dlqLost = dlq_->lost();
    counters_.callbackErrors = callbackErrors_.load(std::memory_order_relaxed) + dlq_->callbackErrors();
    p.dlq = (counters_.dlqTopic + counters_.dlqFile) - (dlqSeenTopic_ + dlqSeenFile_);
    dlqSeenTopic_ = counters_.dlqTopic;
    dlqSeenFile_ = counters_.dlqFile;
    p.failedByCode = bucket_.failedByCode;
    if (bucketCommit_.count()) {
        p.commitP50Ms = static_cast<double>(bucketCommit_.percentile(0.50)) / 1000.0;
        p.commitP99Ms = static_cast<double>(bucketCommit_.percentile(0.99)) / 1000.0;
        p.commitMaxMs = static_cast<double>(bucketCommit_.max()) / 1000.0;
    }

    std::vector<RunEvent> newEvents = folder_.fold(p.tMs, options_.intervalMs, p.failedByCode, final);
    inFlight_.markInterval(static_cast<int64_t>(counters_.sent), p.tMs + options_.intervalMs);
    const int64_t oldestSent = inFlight_.oldestPendingSentMs(static_cast<int64_t>(counters_.sent));
    const uint64_t overdue =
        options_.overdueAfterMs > 0 ? inFlight_.pendingSentBefore(p.tMs + options_.intervalMs - options_.overdueAfterMs) : 0;

    std::vector<ErrorCount> errors;
    for (const auto& [code, n] : errorCounts_) {
        const ErrorInfo info = ErrorClassifier::classify(static_cast<rd_kafka_resp_err_t>(code));
        errors.push_back({code, info.name, std::string(toString(info.errorClass)), n});
    }
    {
        std::lock_guard lock(mutex_);
        timeline_.push_back(p);
        for (auto& e : newEvents) events_.push_back(std::move(e));
        published_ = counters_;
        publishedLatency_ = latency_;
        publishedSched_ = nsPerMessage_ > 0 ? schedLatency_ : latency_;
        publishedErrors_ = std::move(errors);
        oldestInFlightSentMs_ = oldestSent;
        overdue_ = overdue;
        publishedTxn_ = txn_;
        publishedCommit_ = commitLatency_;
    }
    bucketCommit_.reset();
    bucket_.point = TimelinePoint{};
    bucket_.latency.reset();
    bucket_.sched.reset();
    bucket_.failedByCode.clear();
}

RunSnapshot ProducerRun::snapshot(size_t timelineFrom, size_t eventsFrom) const {
    RunSnapshot s;
    s.runId = options_.runId;
    s.profileName = options_.profile.name();
    s.plannedMessages = options_.traffic.durationMs == 0 ? options_.traffic.messages : 0;
    s.plannedDurationMs = options_.traffic.durationMs;
    std::lock_guard lock(mutex_);
    s.state = state_;
    s.elapsedMs = finished() ? endMs_ : (t0_ == Clock::time_point{} ? 0 : msSinceStart(Clock::now()));
    s.counters = published_;
    if (timelineFrom < timeline_.size())
        s.timeline.assign(timeline_.begin() + static_cast<std::ptrdiff_t>(timelineFrom), timeline_.end());
    s.timelineEnd = timeline_.size();
    if (eventsFrom < events_.size())
        s.events.assign(events_.begin() + static_cast<std::ptrdiff_t>(eventsFrom), events_.end());
    s.eventsEnd = events_.size();
    s.errors = publishedErrors_;
    s.latency = publishedLatency_;
    s.schedLatency = publishedSched_;
    s.stats = stats_;
    s.oldestInFlightSentMs = oldestInFlightSentMs_;
    s.overdue = overdue_;
    s.retriedRequests = requestErrors();
    s.transactional = txnMode_;
    s.transactions = publishedTxn_;
    s.commitLatency = publishedCommit_;
    return s;
}

RunResult ProducerRun::result() const {
    RunResult r;
    r.runId = options_.runId;
    r.profileName = options_.profile.name();
    r.effectiveProperties = effective_;
    r.traffic = options_.traffic;
    r.dlqFallbackPath = dlq_ ? dlq_->fallbackPath() : std::string();
    r.dlqTopic = options_.dlqTopic;
    if (!finished()) {
        r.error = "run not finished";
        return r;
    }
    std::lock_guard lock(mutex_);
    r.counters = published_;
    r.inFlightAtEnd = inFlightAtEnd_;
    r.purgedAtEnd = purgedAtEnd_;
    r.latency = publishedLatency_;
    r.schedLatency = publishedSched_;
    r.timeline = timeline_;
    r.events = events_;
    r.errors = publishedErrors_;
    r.outcomes = outcomes_;
    r.retriedRequests = requestErrors();
    r.stats = stats_;
    r.partitions = partitions_;
    r.fatal = fatal_;
    r.fatalError = fatalError_;
    r.stoppedByUser = stopRequested_.load();
    r.durationMs = endMs_;
    r.transactional = txnMode_;
    r.topics = options_.traffic.allTopics();
    r.transactionalId = txnId_;
    r.transactions = publishedTxn_;
    r.commitLatency = publishedCommit_;
    r.transactionRecords = txnRecords_;
    for (const auto& [key, e] : txnErrors_) r.txnErrors.push_back(e);
    r.producerFaults = firedProducerFaults_;
    if (anyProduced_) r.firstProduceEpochMs = nowEpochMs() - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - firstProduce_).count();
    if (anyProduced_ && anyReport_ && lastReport_ > firstProduce_) {
        const double secs = std::chrono::duration<double>(lastReport_ - firstProduce_).count();
        r.throughputMsgsPerS = static_cast<double>(r.counters.delivered) / secs;
        const double bytes = options_.traffic.valueTemplate.empty() ? static_cast<double>(options_.traffic.valueSize)
                                                                    : static_cast<double>(options_.traffic.valueTemplate.size());
        r.throughputMbPerS = r.throughputMsgsPerS * bytes / (1024.0 * 1024.0);
    }
    return r;
}

std::map<std::string, uint64_t> ProducerRun::requestErrors() const { return causes_.retriedRequests(); }

}  // namespace acklab
