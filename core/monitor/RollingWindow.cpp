#include "monitor/RollingWindow.h"

#include <algorithm>

namespace acklab {

RollingWindow::RollingWindow(std::string name, int64_t bucketSeconds, size_t buckets)
    : name_(std::move(name)), bucketSeconds_(std::max<int64_t>(bucketSeconds, 1)), buckets_(std::max<size_t>(buckets, 1)) {}

void RollingWindow::add(int64_t second, const MonitorSample& s) {
    const int64_t index = std::max<int64_t>(second, 0) / bucketSeconds_;
    Bucket& b = buckets_[static_cast<size_t>(index) % buckets_.size()];
    if (b.index != index) {
        // The slot held a stretch older than the window: start it afresh.
        // Every field, including those added later (a field-by-field reset once kept `late` and
        // `overdueChange` forever: a stall's late messages then held the 1 min window down for the rest of the run).
        b.index = index;
        b.sum = MonitorSample{};
    }
    b.sum.add(s);
}

MonitorSample RollingWindow::total(int64_t nowSecond) const {
    MonitorSample t;
    const int64_t now = std::max<int64_t>(nowSecond, 0) / bucketSeconds_;
    const auto n = static_cast<int64_t>(buckets_.size());
    for (const auto& b : buckets_)
        if (b.index >= 0 && b.index > now - n && b.index <= now) t.add(b.sum);
    return t;
}

}  // namespace acklab
