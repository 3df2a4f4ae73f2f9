#pragma once
// When a producer's story (NowReport::stateKey) has changed for good, so the event log gets one line per change and
// no flapping: a new story is logged once it has held for two refreshes in a row, or at once when forced (a run's
// end). The first story is not logged when it is the ordinary beginning ("starting", "delivering").
#include <string>

namespace acklab {

class StoryChangeFilter {
public:
    // Called on every refresh with the current story; true when it is to be logged now.
    bool shouldLog(const std::string& stateKey, bool force);

private:
    std::string logged_, pending_;
    int seen_ = 0;
};

}  // namespace acklab
