// The "now" panel's story changes reach the event log once each, after holding for two refreshes.
#include "metrics/StoryChangeFilter.h"

#include <gtest/gtest.h>

namespace acklab {
namespace {

TEST(StoryChangeFilter, LogsAChangeOnceItHoldsAndNeverAFlap) {
    StoryChangeFilter f;
    EXPECT_FALSE(f.shouldLog("delivering", false));
    EXPECT_FALSE(f.shouldLog("delivering", false)) << "an ordinary start is not news";
    EXPECT_FALSE(f.shouldLog("delivering", false));
    EXPECT_FALSE(f.shouldLog("waiting broker 1 DOWN", false)) << "one refresh: maybe a flap";
    EXPECT_FALSE(f.shouldLog("delivering", false)) << "it was a flap";
    EXPECT_FALSE(f.shouldLog("waiting broker 1 DOWN", false));
    EXPECT_TRUE(f.shouldLog("waiting broker 1 DOWN", false)) << "held for two refreshes";
    EXPECT_FALSE(f.shouldLog("waiting broker 1 DOWN", false)) << "logged once";
    EXPECT_FALSE(f.shouldLog("delivering", false));
    EXPECT_TRUE(f.shouldLog("delivering", false)) << "back to delivering is news after an outage";
    EXPECT_TRUE(f.shouldLog("finished", true)) << "forced: at once";
}

TEST(StoryChangeFilter, AFirstStoryThatIsNotTheOrdinaryStartIsLogged) {
    StoryChangeFilter f;
    EXPECT_FALSE(f.shouldLog("waiting: topic missing", false));
    EXPECT_TRUE(f.shouldLog("waiting: topic missing", false));
}

}  // namespace
}  // namespace acklab
