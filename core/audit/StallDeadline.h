#pragma once
// A bound on a stall, not on a whole read: expired() once nothing has been read for `bound` since the start or the
// last progress(). The audits read a topic back with it: the embedded cluster answers a Fetch with one record
// batch, so a run of single-record batches reads back at one batch per round trip, which on a 5 ms network takes
// longer than any fixed total an audit could choose (1,909 records once took 10 s).
#include <chrono>
#include <cstdint>

namespace acklab {

class StallDeadline {
public:
    using Clock = std::chrono::steady_clock;
    explicit StallDeadline(int64_t boundMs) : bound_(boundMs), deadline_(Clock::now() + bound_) {}
    void progress() { deadline_ = Clock::now() + bound_; }
    bool expired() const { return Clock::now() > deadline_; }
    int64_t boundSeconds() const { return bound_.count() / 1000; }

private:
    std::chrono::milliseconds bound_;
    Clock::time_point deadline_;
};

}  // namespace acklab
