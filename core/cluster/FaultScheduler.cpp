#include "cluster/FaultScheduler.h"

#include <algorithm>
#include <optional>

namespace acklab {

FaultScheduler::FaultScheduler(Cluster& cluster, std::string topic, std::vector<FaultSpec> faults, Listener listener)
    : cluster_(cluster), topic_(std::move(topic)), listener_(std::move(listener)) {
    for (auto& f : faults) {
        if (auto u = f.undo()) pending_.push_back(*u);
        pending_.push_back(std::move(f));
    }
    std::stable_sort(pending_.begin(), pending_.end(), [](const FaultSpec& a, const FaultSpec& b) { return a.atMs < b.atMs; });
}

FaultScheduler::~FaultScheduler() { stop(); }

void FaultScheduler::start(Clock::time_point t0) {
    std::lock_guard life(lifecycle_);
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        t0_ = t0;
        stopping_ = false;
    }
    // Faults at=0 are in place before the first message: applied here, before the runs start, not raced
    // against them on the scheduler's thread.
    std::vector<FaultSpec> due;
    {
        std::lock_guard lock(mutex_);
        while (!pending_.empty() && pending_.front().atMs <= 0) {
            due.push_back(pending_.front());
            pending_.erase(pending_.begin());
        }
    }
    for (const auto& f : due) apply(f);
    thread_ = std::thread([this] { threadMain(); });
}

void FaultScheduler::stop() {
    std::lock_guard life(lifecycle_);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    // Undo what was broken for a bounded time, so the cluster is left as it was found.
    std::vector<FaultSpec> undo;
    {
        std::lock_guard lock(mutex_);
        for (const auto& f : pending_)
            if (f.text.rfind("(end of)", 0) == 0) undo.push_back(f);
        pending_.clear();
    }
    for (const auto& f : undo) apply(f);
}

FiredFault FaultScheduler::apply(const FaultSpec& f, std::optional<int64_t> atMs) {
    FiredFault r;
    r.atMs = atMs                          ? *atMs
             : t0_ == Clock::time_point{} ? 0
                                          : std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0_).count();
    r.spec = f.text;
    FaultResult res;
    try {
        res = cluster_.applyFault(f, topic_);
    } catch (const std::exception& e) {
        res = {false, e.what()};
    }
    r.ok = res.ok;
    r.result = res.message;
    {
        std::lock_guard lock(mutex_);
        fired_.push_back(r);
        // broker=leader / coordinator names a node when the fault fires; its for= undo must act on that same node,
        // not on whichever leads by then (a down or killed leader is usually replaced: re-resolving brought the
        // wrong broker up, or tried to restart a running node, and left the first one down for good).
        if (res.ok && (f.broker == "leader" || f.broker == "coordinator") && f.forMs) {
            std::string named = res.broker > 0 ? std::to_string(res.broker) : "";
            if (named.empty() && res.message.rfind("node ", 0) == 0) {
                named = res.message.substr(5, res.message.find(' ', 5) - 5);
                if (named.find_first_not_of("0123456789") != std::string::npos) named.clear();
            }
            const std::string undoText = "(end of) " + f.text;
            if (!named.empty())
                for (auto& p : pending_)
                    if (p.text == undoText && p.broker == f.broker) {
                        p.broker = named;
                        break;
                    }
        }
    }
    if (listener_) listener_(r);
    return r;
}

void FaultScheduler::schedule(FaultSpec f) {
    const auto at = std::upper_bound(pending_.begin(), pending_.end(), f.atMs,
                                     [](int64_t ms, const FaultSpec& p) { return ms < p.atMs; });
    if (at == pending_.begin()) ++changes_;
    pending_.insert(at, std::move(f));
}

FiredFault FaultScheduler::fireNow(const FaultSpec& fault) {
    std::lock_guard life(lifecycle_);
    FaultSpec f = fault;
    std::optional<FaultSpec> undo = f.undo();
    {
        std::lock_guard lock(mutex_);
        if (undo && !thread_.joinable()) {  // the undo needs a clock running: (re)start it now
            if (t0_ == Clock::time_point{}) t0_ = Clock::now();
            stopping_ = false;
            thread_ = std::thread([this] { threadMain(); });
        }
        const int64_t nowMs = t0_ == Clock::time_point{}
                                  ? 0
                                  : std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0_).count();
        f.atMs = nowMs;
        if (undo) {
            // Scheduled before the fault fires, so apply() can pin it to the node a broker=leader fault hits.
            undo->atMs = nowMs + *f.forMs;
            schedule(*undo);
        }
    }
    cv_.notify_all();
    FiredFault r = apply(f, f.atMs);
    if (undo && !r.ok) {  // nothing was broken: nothing to mend
        std::lock_guard lock(mutex_);
        const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const FaultSpec& p) {
            return p.text == undo->text && p.atMs == undo->atMs;
        });
        if (it != pending_.end()) pending_.erase(it);
    }
    return r;
}

std::vector<FiredFault> FaultScheduler::fired() const {
    std::lock_guard lock(mutex_);
    return fired_;
}

void FaultScheduler::threadMain() {
    std::unique_lock lock(mutex_);
    // Runs until stop(): fireNow() may add undos after the timeline is done.
    while (!stopping_) {
        if (pending_.empty()) {
            cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
            continue;
        }
        const uint64_t changes = changes_;
        const auto when = t0_ + std::chrono::milliseconds(pending_.front().atMs);
        if (cv_.wait_until(lock, when, [this, changes] { return stopping_ || changes_ != changes; })) continue;
        // Taken now, not before the wait: apply() may have pinned it to a node meanwhile.
        const FaultSpec next = std::move(pending_.front());
        pending_.erase(pending_.begin());
        lock.unlock();
        apply(next);
        lock.lock();
    }
}

}  // namespace acklab
