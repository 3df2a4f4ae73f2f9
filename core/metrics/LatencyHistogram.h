#pragma once
// HDR-style latency histogram: O(1) record, bounded memory, <= 1 % relative error on every percentile.
// Values are microseconds, from 1 us to ~1 hour; smaller values count as exact buckets, larger clamp to max.
// Not thread-safe: one writer; readers take a copy (merge) at interval boundaries.
#include <cstdint>
#include <vector>

namespace acklab {

class LatencyHistogram {
public:
    LatencyHistogram();

    void record(int64_t micros);              // O(1); negatives count as 0
    void merge(const LatencyHistogram& other);
    // Removes what `earlier` holds, `earlier` being a past copy of this histogram (cumulative -> one interval).
    // min/max then become the bounds of the lowest/highest non-empty bucket (within 1 %), not exact values.
    void subtract(const LatencyHistogram& earlier);
    void reset();

    uint64_t count() const { return count_; }
    int64_t min() const;                      // exact; 0 when empty
    int64_t max() const;                      // exact; 0 when empty
    double mean() const;                      // exact (sum / count); 0 when empty
    // q in [0, 1]; returns a value within 1 % of the exact q-quantile (nearest-rank) of what was recorded;
    // 0 when empty.
    int64_t percentile(double q) const;
    // Values certainly above `micros`: the bucket holding `micros` itself is left out (so within 1 % of it).
    uint64_t countAbove(int64_t micros) const;

    static constexpr int64_t kMaxMicros = 3'600'000'000LL;

private:
    static int bucketIndex(int64_t v);
    static int64_t bucketValue(int index);  // a representative value (midpoint) of bucket `index`

    std::vector<uint64_t> counts_;
    uint64_t count_ = 0;
    int64_t min_ = 0;
    int64_t max_ = 0;
    double sum_ = 0;
};

}  // namespace acklab
