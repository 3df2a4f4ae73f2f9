#include "traffic/InFlightTracker.h"

#include <bit>

namespace acklab {

void InFlightTracker::markInterval(int64_t firstSeq, int64_t tMs) {
    if (!marks_.empty() && marks_.back().firstSeq == firstSeq) return;  // nothing sent in the last interval
    marks_.push_back({firstSeq, tMs});
}

void InFlightTracker::reported(int64_t seq) {
    if (seq < base_) return;  // a second report for the same message (cannot happen; ignored)
    const auto word = static_cast<size_t>((seq - base_) >> 6);
    if (words_.size() <= word) words_.resize(word + 1, 0);
    words_[word] |= uint64_t{1} << (seq & 63);
    while (!words_.empty() && words_.front() == ~uint64_t{0}) {
        words_.pop_front();
        base_ += 64;
    }
    const int64_t low = lowestPending();
    while (marks_.size() >= 2 && marks_[1].firstSeq <= low) marks_.pop_front();
}

int64_t InFlightTracker::lowestPending() const {
    if (words_.empty()) return base_;
    return base_ + std::countr_one(words_.front());
}

int64_t InFlightTracker::oldestPendingSentMs(int64_t sent) const {
    const int64_t low = lowestPending();
    if (low >= sent) return -1;
    int64_t t = 0;
    for (const auto& m : marks_) {
        if (m.firstSeq > low) break;
        t = m.tMs;
    }
    return t;
}

}  // namespace acklab
