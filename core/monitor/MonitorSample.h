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
    uint64_t seen = 0, newlyLost = 0, duplicated = 0, reordered = 0;
    std::map<std::string, uint64_t> errorsByClass;  // failed messages by class ("transient", "permanent", "fatal")
    LatencyHistogram delivery;                      // produce() to acknowledgement, microseconds
    LatencyHistogram e2e;                           // CreateTime to consumed, microseconds

    void add(const MonitorSample& o) {
        sent += o.sent;
        delivered += o.delivered;
        failed += o.failed;
        seen += o.seen;
        newlyLost += o.newlyLost;
        duplicated += o.duplicated;
        reordered += o.reordered;
        for (const auto& [k, v] : o.errorsByClass) errorsByClass[k] += v;
        delivery.merge(o.delivery);
        e2e.merge(o.e2e);
    }

    // Delivered / reports, where messages sent but not reported count against it (a cluster that answers nothing
    // is not available): delivered / max(delivered + failed, sent), at most 1; 1 when nothing happened.
    double produceAvailability() const {
        const double d = static_cast<double>(std::max(delivered + failed, sent));
        return d > 0 ? std::min(1.0, static_cast<double>(delivered) / d) : 1.0;
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
