#include "common/Duration.h"

#include <gtest/gtest.h>

#include <limits>

using namespace acklab;

TEST(Duration, ParsesWhatUsersWriteAndRefusesTheRest) {
    EXPECT_EQ(parseDurationMs("1.5s"), 1500);
    EXPECT_EQ(parseDurationMs("800ms"), 800);
    EXPECT_EQ(parseDurationMs("2m"), 120'000);
    EXPECT_EQ(parseDurationMs("3"), 3000);
    EXPECT_FALSE(parseDurationMs("-1s"));
    EXPECT_FALSE(parseDurationMs("5 parsecs"));
    EXPECT_FALSE(parseDurationMs("8d"));
    EXPECT_FALSE(parseDurationMs("1e300"));
}

TEST(Duration, ReadableForAPersonAtEveryScale) {
    EXPECT_EQ(readableDuration(0), "0.0 s");
    EXPECT_EQ(readableDuration(4.25), "4.2 s");
    EXPECT_EQ(readableDuration(9.96), "10.0 s");  // rounds like printf; still one decimal under 10 s
    EXPECT_EQ(readableDuration(42.7), "42 s");
    EXPECT_EQ(readableDuration(119.9), "119 s");
    EXPECT_EQ(readableDuration(185), "3 min 5 s");
    EXPECT_EQ(readableDuration(7199), "119 min 59 s");
    EXPECT_EQ(readableDuration(7500), "2 h 5 min");
    EXPECT_EQ(readableDuration(-1), "?");
    EXPECT_EQ(readableDuration(std::numeric_limits<double>::infinity()), "?");
    EXPECT_EQ(readableDuration(std::numeric_limits<double>::quiet_NaN()), "?");
}
