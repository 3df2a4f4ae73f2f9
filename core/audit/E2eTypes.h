#pragma once
// What the live end-to-end tracker (audit/E2eTracker) takes and what it reports.
#include "metrics/LatencyHistogram.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct E2eOptions {
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> clientProperties;  // the cluster's security settings
    std::string topic;
    std::string runId;
    // A run of a known count: the sequence ring holds it whole (nothing recycled). 0 = a run of unknown length
    // (duration runs, the monitor): a fixed ring of `ringChunks` chunks of 65,536 sequences, recycled as judged.
    int64_t expectedMessages = 0;
    size_t ringChunks = 256;             // used when expectedMessages == 0 (256 x 65,536 = 16.7 M in judgement)
    int64_t intervalMs = 100;            // one E2ePoint per interval
    // An acknowledged record not seen once the consumer has caught up to the high watermark read after the
    // acknowledgement is declared lost when this much time has passed since that watermark was read.
    int64_t graceMs = 3000;
    size_t maxPoints = 0;                // 0 = keep every point; > 0 keeps the newest (a monitor's bound)
    int64_t watermarkTimeoutMs = 2000;   // per watermark query
    // After the run ended: the final judgement must complete within this, else the tracker stops with what it
    // judged so far (e.g. the cluster went away) and says so in E2eSnapshot::error.
    int64_t finishTimeoutMs = 60'000;
};

// One interval of the tracker, aligned with the run's intervals (t from the run's start).
struct E2ePoint {
    int64_t tMs = 0;
    uint64_t seen = 0;             // records of the run read for the first time in this interval
    uint64_t duplicated = 0;       // extra copies read in this interval
    uint64_t reordered = 0;        // read in this interval after a higher sequence of the same partition and key
    uint64_t newlyLost = 0;        // declared lost in this interval
    uint64_t lost = 0;             // lost so far, at the interval's end
    uint64_t arrivedUnacknowledged = 0;  // so far, at the interval's end
    double p50Ms = 0, p99Ms = 0, maxMs = 0;  // e2e latency of this interval's first sightings
};

struct E2eTotals {
    uint64_t seen = 0;        // distinct sequence numbers of the run read
    uint64_t lost = 0;        // acknowledged, not seen after catch-up + grace (a later sighting takes it back)
    uint64_t duplicated = 0;  // extra copies (a sequence read 3 times counts 2)
    uint64_t reordered = 0;   // read after a higher sequence of the same partition and key
    uint64_t arrivedUnacknowledged = 0;  // failed, or without a report (yet / at the end), and read anyway
    uint64_t acknowledged = 0;           // acknowledgements the tracker has judged or is judging
    uint64_t late = 0;        // read after its chunk was judged and recycled (monitor; not in `seen`)
    uint64_t untracked = 0;   // reports or records beyond the ring (the tracker fell a whole ring behind)
    LatencyHistogram latency; // e2e, microseconds (1 ms resolution: record timestamps are in ms)
};

struct E2eSnapshot {
    std::string runId;
    std::string state;   // "starting", "following", "finishing", "finished", "failed"
    std::string error;   // the consumer's last error, or why the tracker stopped
    int64_t errorAtMs = -1;  // when it happened, ms from the run's start (-1: no error)
    bool complete = false;     // finished with every acknowledgement of the ended run judged
    bool caughtUp = false;     // the last watermark check found the consumer at the end of every partition
    int64_t checkpoints = 0;   // completed judgements (each declares what is lost by then)
    int64_t lastJudgedMs = -1; // time (from the run's start) up to which acknowledgements have been judged
    E2eTotals totals;
    std::vector<E2ePoint> points;  // from the index asked for
    size_t pointsEnd = 0;          // pass back to get only newer points
    size_t pointsDropped = 0;      // oldest points no longer kept (maxPoints)
};

}  // namespace acklab
