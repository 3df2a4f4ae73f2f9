#pragma once
// What a monitor saw in one stretch of time (a second, or a window's sum of seconds): what the producer was told
// and what the end-to-end tracker read, with both latencies as histograms so windows can be summed exactly.
#include "metrics/LatencyHistogram.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

namespace acklab {

struct MonitorSample {
    uint64_t sent = 0, delivered = 0, failed = 0;
    uint64_t late = 0;          // delivered, but later than the availability threshold
    int64_t overdueChange = 0;  // change of the messages waiting longer than the threshold (the pool grows in an
                                // outage, and shrinks as they are delivered late or fail: those count there)
    uint64_t seen = 0, newlyLost = 0, duplicated = 0, reordered = 0;
    std::map<std::string, uint64_t> errorsByClass;  // failed messages by class ("transient", "permanent", "fatal")
    LatencyHistogram delivery;                      // produce() to acknowledgement, microseconds
    LatencyHistogram e2e;                           // CreateTime to consumed, microseconds

    void add(const MonitorSample& o) {
        sent += o.sent;
        delivered += o.delivered;
        failed += o.failed;
        late += o.late;
        overdueChange += o.overdueChange;
        seen += o.seen;
        newlyLost += o.newlyLost;
        duplicated += o.duplicated;
        reordered += o.reordered;
        for (const auto& [k, v] : o.errorsByClass) errorsByClass[k] += v;
        delivery.merge(o.delivery);
        e2e.merge(o.e2e);
    }

    // Messages acknowledged within the threshold, against every message judged: those, the failed, the late and
    // those that became overdue (waiting past the threshold: a cluster that answers nothing is not available,
    // even before a timeout). A message is judged once: when an overdue one is delivered late or fails, it
    // leaves the overdue pool as it enters `late` or `failed`. 1 when nothing was judged. Messages still
    // younger than the threshold are not judged yet, so a healthy cluster reads 100 %.
    double produceAvailability() const {
        const double good = static_cast<double>(delivered - std::min(late, delivered));
        const double bad = std::max(0.0, static_cast<double>(failed + late) + static_cast<double>(overdueChange));
        return good + bad > 0 ? good / (good + bad) : 1.0;
    }
    // Read by the consumer / expected to be read: seen / max(seen + newly lost, sent), at most 1.
    double e2eAvailability() const {
        const double d = static_cast<double>(std::max(seen + newlyLost, sent));
        return d > 0 ? std::min(1.0, static_cast<double>(seen) / d) : 1.0;
    }
    double lossRatio() const {
        const uint64_t d = seen + newlyLost;
        return d ? static_cast<double>(newlyLost) / static_cast<double>(d) : 0.0;
    }
    double duplicateRatio() const { return seen ? static_cast<double>(duplicated) / static_cast<double>(seen) : 0.0; }
};

}  // namespace acklab
