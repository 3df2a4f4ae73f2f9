#include "metrics/StoryChangeFilter.h"

namespace acklab {

bool StoryChangeFilter::shouldLog(const std::string& stateKey, bool force) {
    if (stateKey == logged_) {
        seen_ = 0;
        return false;
    }
    if (stateKey != pending_) {
        pending_ = stateKey;
        seen_ = 0;
    }
    if (++seen_ < 2 && !force) return false;
    const bool first = logged_.empty();
    logged_ = stateKey;
    return !(first && (stateKey == "delivering" || stateKey == "starting"));
}

}  // namespace acklab
