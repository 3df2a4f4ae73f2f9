#pragma once
// A window over the last `buckets x bucketSeconds` seconds (1 min = 60 x 1 s, 5 min = 60 x 5 s, 1 h = 60 x 60 s):
// a fixed ring of summed samples, so memory stays the same however long the monitor runs.
#include "monitor/MonitorSample.h"

#include <string>
#include <vector>

namespace acklab {

class RollingWindow {
public:
    RollingWindow(std::string name, int64_t bucketSeconds, size_t buckets);

    // Adds the sample of second `second` (seconds from the monitor's start, non-decreasing).
    void add(int64_t second, const MonitorSample& s);
    // The sum over the window that ends with second `nowSecond`.
    MonitorSample total(int64_t nowSecond) const;

    const std::string& name() const { return name_; }
    int64_t seconds() const { return bucketSeconds_ * static_cast<int64_t>(buckets_.size()); }

private:
    struct Bucket {
        int64_t index = -1;  // second / bucketSeconds of what it holds
        MonitorSample sum;
    };
    std::string name_;
    int64_t bucketSeconds_;
    std::vector<Bucket> buckets_;
};

}  // namespace acklab
