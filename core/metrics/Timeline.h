#pragma once
// Per-interval aggregates (default 100 ms): what the plots draw and the report's timeline carries.
// One point per interval, never one per message (docs/architecture.md, rule 4).
#include <cstdint>
#include <utility>
#include <vector>

namespace acklab {

struct TimelinePoint {
    int64_t tMs = 0;            // interval start, from the run's start
    uint64_t sent = 0;          // produce() calls accepted or failed synchronously in this interval
    uint64_t delivered = 0;     // successful delivery reports
    uint64_t failed = 0;        // failed delivery reports + synchronous failures
    uint64_t dlq = 0;           // envelopes written (topic or file) in this interval
    uint64_t backpressure = 0;  // QUEUE_FULL answers (retried, not failures)
    // Latency of the reports in this interval, ms. "sched" is measured from the scheduled send time
    // (coordinated-omission corrected); equal to the produce latency when unthrottled.
    double p50Ms = 0, p99Ms = 0, maxMs = 0;
    double schedP50Ms = 0, schedP99Ms = 0, schedMaxMs = 0;
    uint64_t inFlight = 0;      // at the interval's end
    std::vector<std::pair<int32_t, uint32_t>> failedByCode;  // error code -> count, in this interval
    // Transactional runs: transactions that ended in this interval, and how long their commit calls took (ms;
    // 0 when none committed in it).
    uint64_t txnCommitted = 0, txnAborted = 0, txnFenced = 0;
    double commitP50Ms = 0, commitP99Ms = 0, commitMaxMs = 0;
};

}  // namespace acklab
