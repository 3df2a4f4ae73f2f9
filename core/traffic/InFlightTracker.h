#pragma once
// Which message is the oldest still waiting for its delivery report, and when it was sent: the "why" panel's
// "oldest message waited 14.2 s; the first timeout comes in 285.8 s". Written by the run thread only.
//
// Reports arrive out of order (partitions, retries), so the lowest unreported sequence number is kept with a
// bit per message between it and the newest one sent: memory follows the span of messages in flight, not the
// run's length. Send times are kept per interval (the first sequence number sent in each), not per message,
// so the age is exact to one interval and nothing is added to the produce() path.
#include <cstddef>
#include <cstdint>
#include <deque>

namespace acklab {

class InFlightTracker {
public:
    // Messages with sequence numbers >= firstSeq were sent at or after tMs (ms since the run's start).
    void markInterval(int64_t firstSeq, int64_t tMs);
    // A delivery report (or a synchronous failure) for seq.
    void reported(int64_t seq);
    // The lowest sequence number without a report (== sent when none is waiting).
    int64_t lowestPending() const;
    // When the oldest message still waiting was sent (ms since start), or -1 when none of `sent` is waiting.
    int64_t oldestPendingSentMs(int64_t sent) const;
    // Messages still waiting that were certainly sent before cutoffMs (their whole interval ended by then): the
    // monitor's "overdue" count. O(messages in flight / 64).
    uint64_t pendingSentBefore(int64_t cutoffMs) const;
    size_t memoryWords() const { return words_.size(); }

private:
    struct Mark {
        int64_t firstSeq;
        int64_t tMs;
    };
    std::deque<uint64_t> words_;  // bit i of word w: sequence number base_ + 64*w + i has a report
    int64_t base_ = 0;            // a multiple of 64; everything below it has a report
    std::deque<Mark> marks_;
};

}  // namespace acklab
