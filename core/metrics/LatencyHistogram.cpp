#include "metrics/LatencyHistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace acklab {

namespace {

// Log-linear layout (HdrHistogram-like): values 0..127 get one bucket each; every power-of-two range
// [2^k, 2^(k+1)), k >= 7, is split into 64 equal sub-buckets of width 2^(k-6). A bucket is then at most
// 1/64 of its lower bound wide, and its midpoint is within 1/128 (0.78 %) of anything inside it.
constexpr int kSubBucketBits = 6;                    // 64 sub-buckets per power of two
constexpr int kExactLimitBits = kSubBucketBits + 1;  // values below 2^7 = 128 are exact
constexpr int kMaxBit = 31;                          // kMaxMicros (3.6e9) < 2^32
// Shifts 0..25; shift s covers indexes [s*64, s*64+128), so the last bucket is (25+2)*64 - 1.
constexpr int kBucketCount = (kMaxBit - kSubBucketBits + 2) << kSubBucketBits;  // 1728 -> 13.5 KiB

// For v < 128 the shift is 0 and the index is v itself; above, the top 7 significant bits select the
// bucket, offset so the index ranges of consecutive powers of two are contiguous.
constexpr int indexOf(uint64_t u) {
    const int msb = 63 - __builtin_clzll(u | 1);
    const int shift = std::max(msb - kSubBucketBits, 0);
    return (shift << kSubBucketBits) + static_cast<int>(u >> shift);
}

static_assert(LatencyHistogram::kMaxMicros < (int64_t{1} << (kMaxBit + 1)));
static_assert(indexOf(LatencyHistogram::kMaxMicros) < kBucketCount);
static_assert(indexOf((uint64_t{1} << (kMaxBit + 1)) - 1) == kBucketCount - 1);
static_assert(indexOf(127) == 127 && indexOf(128) == 128 && indexOf(255) == 191 && indexOf(256) == 192);

}  // namespace

LatencyHistogram::LatencyHistogram()
    : counts_(kBucketCount, 0), min_(std::numeric_limits<int64_t>::max()), max_(0) {}

int LatencyHistogram::bucketIndex(int64_t v) {
    return indexOf(static_cast<uint64_t>(v));  // caller guarantees 0 <= v <= kMaxMicros
}

int64_t LatencyHistogram::bucketValue(int index) {
    if (index < (1 << kExactLimitBits)) return index;
    const int shift = (index >> kSubBucketBits) - 1;
    const int sub = index - (shift << kSubBucketBits);  // 64..127: the top bits of the value
    const int64_t lower = int64_t{sub} << shift;
    return lower + ((int64_t{1} << shift) >> 1);  // midpoint halves the worst-case error
}

void LatencyHistogram::record(int64_t micros) {
    const int64_t v = std::clamp<int64_t>(micros, 0, kMaxMicros);
    ++counts_[static_cast<std::size_t>(bucketIndex(v))];
    ++count_;
    sum_ += static_cast<double>(v);
    // min_ starts at int64 max so no "first value" branch is needed on the hot path.
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

void LatencyHistogram::subtract(const LatencyHistogram& earlier) {
    if (earlier.count_ == 0) return;
    if (earlier.count_ >= count_) {
        reset();
        return;
    }
    int lo = -1, hi = -1;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        counts_[i] -= std::min(counts_[i], earlier.counts_[i]);
        if (counts_[i] > 0) {
            if (lo < 0) lo = static_cast<int>(i);
            hi = static_cast<int>(i);
        }
    }
    count_ -= earlier.count_;
    sum_ = std::max(0.0, sum_ - earlier.sum_);
    if (lo < 0) {
        reset();
        return;
    }
    min_ = std::max(min_, bucketValue(lo));
    max_ = std::min(max_, bucketValue(hi));
    if (min_ > max_) min_ = max_;
}

void LatencyHistogram::reset() {
    std::fill(counts_.begin(), counts_.end(), 0);
    count_ = 0;
    sum_ = 0;
    min_ = std::numeric_limits<int64_t>::max();
    max_ = 0;
}

int64_t LatencyHistogram::min() const { return count_ == 0 ? 0 : min_; }

int64_t LatencyHistogram::max() const { return count_ == 0 ? 0 : max_; }

double LatencyHistogram::mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }

uint64_t LatencyHistogram::countAbove(int64_t micros) const {
    uint64_t n = 0;
    for (std::size_t i = static_cast<std::size_t>(bucketIndex(micros)) + 1; i < counts_.size(); ++i) n += counts_[i];
    return n;
}

int64_t LatencyHistogram::percentile(double q) const {
    if (count_ == 0) return 0;
    if (!(q > 0)) return min_;  // also catches NaN
    if (q >= 1) return max_;
    // Nearest rank: the smallest value with at least ceil(q * n) values at or below it.
    const double exactRank = std::ceil(q * static_cast<double>(count_));
    const uint64_t rank = std::clamp<uint64_t>(static_cast<uint64_t>(exactRank), 1, count_);
    uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            // The true value lies in this bucket and in [min, max]; clamping can only move closer to it.
            return std::clamp(bucketValue(static_cast<int>(i)), min_, max_);
        }
    }
    return max_;
}

}  // namespace acklab
