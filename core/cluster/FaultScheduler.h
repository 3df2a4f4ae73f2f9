#pragma once
// Fires a fault timeline on a cluster at times relative to a run's start, undoing `for=` faults by themselves.
#include "cluster/Cluster.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace acklab {

struct FiredFault {
    int64_t atMs = 0;       // when it really fired, from the run's start
    std::string spec;
    bool ok = false;
    std::string result;
};

class FaultScheduler {
public:
    using Clock = std::chrono::steady_clock;
    using Listener = std::function<void(const FiredFault&)>;  // called on the scheduler's thread

    FaultScheduler(Cluster& cluster, std::string topic, std::vector<FaultSpec> faults, Listener listener = {});
    ~FaultScheduler();
    FaultScheduler(const FaultScheduler&) = delete;
    FaultScheduler& operator=(const FaultScheduler&) = delete;

    void start(Clock::time_point t0);  // applies the faults at=0 before it returns
    void stop();  // pending faults are dropped; `for=` faults already fired are undone now
    // Applies one fault now, outside the timeline (the window's one-click faults, the monitor's faults); its
    // at= is ignored. A `for=` fault gets its undo scheduled like a timeline fault's, on the same node. After
    // stop(), or before start(), the scheduler's clock starts (again) here, so that undo still happens.
    FiredFault fireNow(const FaultSpec& fault);
    std::vector<FiredFault> fired() const;

private:
    void threadMain();
    // atMs: the time to record; by default the moment it is applied. fireNow() records the time it scheduled the
    // undo from, so a for= fault is always shown lasting at least its for=.
    FiredFault apply(const FaultSpec& f, std::optional<int64_t> atMs = std::nullopt);
    void schedule(FaultSpec f);  // into pending_ by atMs (mutex_ held)

    Cluster& cluster_;
    std::string topic_;
    std::vector<FaultSpec> pending_;  // sorted by atMs, with undo actions added
    Listener listener_;
    Clock::time_point t0_{};
    std::mutex lifecycle_;  // start/stop/fireNow: who (re)starts and joins thread_
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    uint64_t changes_ = 0;  // pending_ gained an earlier entry: the thread's wait starts over
    std::vector<FiredFault> fired_;
};

}  // namespace acklab
