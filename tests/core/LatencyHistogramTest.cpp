#include "metrics/LatencyHistogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using acklab::LatencyHistogram;

namespace {

// The exact nearest-rank q-quantile, computed the same way the histogram defines it.
int64_t exactPercentile(std::vector<int64_t> sorted, double q) {
    std::sort(sorted.begin(), sorted.end());
    const auto n = static_cast<uint64_t>(sorted.size());
    if (q <= 0) return sorted.front();
    if (q >= 1) return sorted.back();
    const auto rank = std::clamp<uint64_t>(static_cast<uint64_t>(std::ceil(q * static_cast<double>(n))), 1, n);
    return sorted[rank - 1];
}

void expectWithinOnePercent(const LatencyHistogram& h, const std::vector<int64_t>& values, const std::string& what) {
    static constexpr double kQs[] = {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0};
    for (double q : kQs) {
        const int64_t exact = exactPercentile(values, q);
        const int64_t got = h.percentile(q);
        const double tolerance = 0.01 * static_cast<double>(exact);
        EXPECT_LE(std::abs(static_cast<double>(got - exact)), tolerance)
            << what << " q=" << q << " exact=" << exact << " got=" << got;
    }
}

// Draws are doubles; converting one beyond int64's range is undefined, so clamp first.
int64_t toMicros(double d) {
    return d >= static_cast<double>(LatencyHistogram::kMaxMicros) ? LatencyHistogram::kMaxMicros
                                                                   : static_cast<int64_t>(std::max(d, 0.0));
}

struct Distribution {
    std::string name;
    std::function<int64_t(std::mt19937_64&)> draw;
};

std::vector<Distribution> distributions() {
    return {
        {"uniform 0..200", [](std::mt19937_64& g) { return std::uniform_int_distribution<int64_t>(0, 200)(g); }},
        {"uniform 1ms..100ms",
         [](std::mt19937_64& g) { return std::uniform_int_distribution<int64_t>(1'000, 100'000)(g); }},
        {"lognormal (median ~3ms, heavy tail)",
         [](std::mt19937_64& g) { return toMicros(std::lognormal_distribution<double>(8.0, 1.5)(g)); }},
        {"lognormal (very wide)",
         [](std::mt19937_64& g) { return toMicros(std::lognormal_distribution<double>(6.0, 3.0)(g)); }},
        {"exponential (mean 5ms)",
         [](std::mt19937_64& g) { return toMicros(std::exponential_distribution<double>(1 / 5000.0)(g)); }},
        {"log-uniform 1us..1h",
         [](std::mt19937_64& g) {
             const double e = std::uniform_real_distribution<double>(0, std::log(3.6e9))(g);
             return toMicros(std::exp(e));
         }},
        {"bimodal 200us / 2s",
         [](std::mt19937_64& g) {
             return std::bernoulli_distribution(0.97)(g)
                        ? std::uniform_int_distribution<int64_t>(150, 250)(g)
                        : std::uniform_int_distribution<int64_t>(1'900'000, 2'100'000)(g);
         }},
    };
}

}  // namespace

TEST(LatencyHistogram, EmptyIsAllZero) {
    LatencyHistogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.mean(), 0.0);
    for (double q : {0.0, 0.5, 0.99, 1.0}) EXPECT_EQ(h.percentile(q), 0);
}

TEST(LatencyHistogram, PercentilesWithinOnePercentOnRandomData) {
    for (const auto& d : distributions()) {
        for (int n : {1, 7, 100, 20'000}) {
            std::mt19937_64 gen(12345u + static_cast<unsigned>(n));
            LatencyHistogram h;
            std::vector<int64_t> values;
            for (int i = 0; i < n; ++i) {
                const int64_t v = std::min(d.draw(gen), LatencyHistogram::kMaxMicros);
                values.push_back(v);
                h.record(v);
            }
            const std::string what = d.name + " n=" + std::to_string(n);
            ASSERT_EQ(h.count(), values.size()) << what;
            EXPECT_EQ(h.min(), *std::min_element(values.begin(), values.end())) << what;
            EXPECT_EQ(h.max(), *std::max_element(values.begin(), values.end())) << what;
            const double sum = std::accumulate(values.begin(), values.end(), 0.0);
            EXPECT_DOUBLE_EQ(h.mean(), sum / static_cast<double>(n)) << what;
            expectWithinOnePercent(h, values, what);
        }
    }
}

TEST(LatencyHistogram, EveryValueAloneIsWithinOnePercent) {
    // Sweeps every bucket boundary region: with v and the maximum recorded, the median is v, which must come
    // back within 1 % (exact below 128). min/max clamping cannot help here, so this checks the buckets.
    std::vector<int64_t> probes;
    for (int64_t v = 0; v < 5000; ++v) probes.push_back(v);
    for (int64_t p = 1; p < LatencyHistogram::kMaxMicros; p *= 2)
        for (int64_t d : {-1, 0, 1}) probes.push_back(std::clamp<int64_t>(p + d, 0, LatencyHistogram::kMaxMicros));
    LatencyHistogram h;
    for (int64_t v : probes) {
        h.reset();
        h.record(v);
        h.record(LatencyHistogram::kMaxMicros);
        const int64_t got = h.percentile(0.5);
        EXPECT_LE(std::abs(static_cast<double>(got - v)), 0.01 * static_cast<double>(v)) << v;
    }
}

TEST(LatencyHistogram, SmallValuesAreExact) {
    LatencyHistogram h;
    std::vector<int64_t> values;
    for (int64_t v = 0; v < 128; ++v)
        for (int64_t k = 0; k <= v % 3; ++k) {
            values.push_back(v);
            h.record(v);
        }
    for (double q = 0; q <= 1.0; q += 0.01) EXPECT_EQ(h.percentile(q), exactPercentile(values, q)) << q;
}

TEST(LatencyHistogram, NegativeAndHugeValuesAreClamped) {
    LatencyHistogram h;
    h.record(-5);
    h.record(std::numeric_limits<int64_t>::min());
    h.record(std::numeric_limits<int64_t>::max());
    h.record(LatencyHistogram::kMaxMicros * 10);
    EXPECT_EQ(h.count(), 4u);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), LatencyHistogram::kMaxMicros);
    EXPECT_EQ(h.percentile(0.0), 0);
    EXPECT_EQ(h.percentile(0.5), 0);
    EXPECT_EQ(h.percentile(0.75), LatencyHistogram::kMaxMicros);
    EXPECT_EQ(h.percentile(1.0), LatencyHistogram::kMaxMicros);
    EXPECT_DOUBLE_EQ(h.mean(), static_cast<double>(LatencyHistogram::kMaxMicros) / 2);
}

TEST(LatencyHistogram, OutOfRangeQuantilesAreSafe) {
    LatencyHistogram h;
    for (int64_t v : {10, 20, 30}) h.record(v);
    EXPECT_EQ(h.percentile(-1), 10);
    EXPECT_EQ(h.percentile(2), 30);
    EXPECT_EQ(h.percentile(std::numeric_limits<double>::quiet_NaN()), 10);
    EXPECT_EQ(h.percentile(std::numeric_limits<double>::infinity()), 30);
    EXPECT_EQ(h.percentile(-std::numeric_limits<double>::infinity()), 10);
    EXPECT_EQ(h.percentile(0.5), 20);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
    std::mt19937_64 gen(7);
    std::lognormal_distribution<double> dist(9.0, 2.0);
    LatencyHistogram a, b, all;
    std::vector<int64_t> values;
    for (int i = 0; i < 30'000; ++i) {
        const int64_t v = toMicros(dist(gen));
        values.push_back(v);
        (i % 3 == 0 ? a : b).record(v);
        all.record(v);
    }
    LatencyHistogram merged;
    merged.merge(a);
    merged.merge(LatencyHistogram{});  // merging an empty one changes nothing (min must not become 0)
    merged.merge(b);
    EXPECT_EQ(merged.count(), all.count());
    EXPECT_EQ(merged.min(), all.min());
    EXPECT_EQ(merged.max(), all.max());
    EXPECT_NEAR(merged.mean(), all.mean(), 1e-9 * all.mean());
    for (double q : {0.0, 0.5, 0.9, 0.99, 0.999, 1.0}) EXPECT_EQ(merged.percentile(q), all.percentile(q)) << q;
    expectWithinOnePercent(merged, values, "merged");

    LatencyHistogram empty;
    empty.merge(LatencyHistogram{});
    EXPECT_EQ(empty.count(), 0u);
    EXPECT_EQ(empty.min(), 0);
}

TEST(LatencyHistogram, ResetForgetsEverything) {
    LatencyHistogram h;
    for (int64_t v : {5, 500, 5'000'000}) h.record(v);
    h.reset();
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.percentile(0.5), 0);
    h.record(42);
    EXPECT_EQ(h.min(), 42);
    EXPECT_EQ(h.max(), 42);
    EXPECT_EQ(h.percentile(0.99), 42);
    EXPECT_EQ(h.mean(), 42.0);
}

TEST(LatencyHistogram, CopyIsASnapshot) {
    LatencyHistogram h;
    h.record(100);
    const LatencyHistogram snapshot = h;
    h.record(900);
    EXPECT_EQ(snapshot.count(), 1u);
    EXPECT_EQ(snapshot.max(), 100);
    EXPECT_EQ(h.count(), 2u);
}
