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

uint64_t InFlightTracker::pendingSentBefore(int64_t cutoffMs) const {
    // marks_[i] starts an interval; everything below the first sequence number of a mark that starts at or
    // before the cutoff was sent before it.
    int64_t boundary = base_;
    for (const auto& m : marks_) {
        if (m.tMs > cutoffMs) break;
        boundary = m.firstSeq;
    }
    const int64_t low = lowestPending();
    if (boundary <= low) return 0;
    uint64_t reported = 0;
    const auto fullWords = static_cast<size_t>((boundary - base_) >> 6);
    for (size_t w = 0; w < fullWords && w < words_.size(); ++w) reported += static_cast<uint64_t>(std::popcount(words_[w]));
    if (const int rest = static_cast<int>((boundary - base_) & 63); rest && fullWords < words_.size())
        reported += static_cast<uint64_t>(std::popcount(words_[fullWords] & ((uint64_t{1} << rest) - 1)));
    return static_cast<uint64_t>(boundary - base_) - reported;
}

}  // namespace acklab
