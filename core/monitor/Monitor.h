#pragma once
// Monitor mode: a low steady stream of tagged records into a cluster, a live end-to-end tracker beside it, and
// rolling windows (1 min, 5 min, 1 h) of what a client of that cluster experiences: produce availability, e2e
// availability, delivery and e2e latency percentiles, loss and duplicate rates, errors by class. Runs until
// stop(); memory stays flat (fixed windows, a recycled sequence ring, bounded per-second history).
//
// Threads: the ProducerRun's, the tracker's, and a sampler that once a second turns both snapshots into a
// MonitorSample (deltas of the cumulative counts and histograms) and adds it to the windows. Readers (the
// metrics endpoint, a window at ~30 Hz, the CLI) take snapshot() / prometheusText(): a copy under a mutex.
#include "audit/E2eTracker.h"
#include "cluster/Cluster.h"
#include "monitor/RollingWindow.h"
#include "traffic/ProducerRun.h"

#include <nlohmann/json_fwd.hpp>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace acklab {

struct MonitorOptions {
    ProducerProfile profile;
    std::string topic = "acklab-monitor";
    int partitions = 3;
    bool createTopic = true;
    double rate = 10;             // messages per second
    int64_t valueSize = 100;
    int64_t graceMs = 3000;       // e2e: see E2eOptions::graceMs
    size_t ringChunks = 16;       // e2e: 16 x 65,536 sequences in judgement at most
    std::string dlqTopic;         // "" = the local DLQ file only
    std::string dlqFile;
    size_t historySeconds = 3600; // per-second points kept for plots
    int64_t availabilityThresholdMs = 1000;  // produce availability: acknowledged within this, or unavailable
};

// One second of the monitor, for plots.
struct MonitorSecond {
    int64_t tS = 0;                    // seconds from the start
    double produceAvailability = 1, e2eAvailability = 1;
    double deliveryP99Ms = 0, e2eP99Ms = 0;
    uint64_t sent = 0, delivered = 0, failed = 0, seen = 0, duplicated = 0;
    uint64_t lost = 0;                 // lost so far at the end of this second
};

struct MonitorWindowStats {
    std::string name;  // "1m", "5m", "1h"
    int64_t seconds = 0;
    MonitorSample sum;
};

struct MonitorSnapshot {
    std::string runId, profile, cluster, topic, state;
    double rate = 0;
    int64_t uptimeMs = 0;
    RunCounters counters;          // cumulative, from the producer
    LatencyHistogram delivery;     // cumulative
    E2eSnapshot e2e;               // cumulative, without points
    std::vector<ErrorCount> errors;
    std::vector<MonitorWindowStats> windows;  // 1m, 5m, 1h
    std::vector<MonitorSecond> seconds;       // from the index asked for
    size_t secondsEnd = 0;
};

class Monitor {
public:
    // Prepares the topic (when asked) and builds the producer and the tracker; throws RunError naming the problem.
    Monitor(MonitorOptions options, Cluster& cluster);
    ~Monitor();
    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    void start();
    // The moment start() began: uptime and every per-second sample count from it (a fault scheduler started from
    // it records its faults on the same time line).
    ProducerRun::Clock::time_point startedAt() const { return t0_; }
    // Stops producing, waits for the last reports (bounded), lets the tracker judge them (bounded), last sample.
    void stop();

    MonitorSnapshot snapshot(size_t secondsFrom = SIZE_MAX) const;
    std::string prometheusText() const;  // the /metrics body
    nlohmann::json report() const;       // the final report (--report)
    std::string summaryText() const;     // what the CLI prints at the end

private:
    void samplerMain();
    void sampleOnce(bool final);

    MonitorOptions options_;
    std::string clusterLabel_;
    std::unique_ptr<E2eTracker> tracker_;
    std::unique_ptr<ProducerRun> run_;
    std::thread sampler_;
    ProducerRun::Clock::time_point t0_{};

    // The sampler's previous cumulative values.
    RunCounters prevCounters_;
    std::map<std::string, uint64_t> prevErrors_;
    LatencyHistogram prevDelivery_, prevE2e_;
    static constexpr int64_t kProducerIntervalMs = 1000;
    E2eTotals prevE2eTotals_;
    int64_t sampledSecond_ = 0;
    uint64_t prevOverdue_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool started_ = false, stopping_ = false, stopped_ = false;
    int64_t stoppedAtMs_ = 0;  // uptime when stop() began
    std::vector<RollingWindow> windows_;
    std::deque<MonitorSecond> seconds_;
    size_t secondsDropped_ = 0;
    RunCounters counters_;
    LatencyHistogram delivery_;
    E2eSnapshot e2e_;
    std::vector<ErrorCount> errors_;
};

}  // namespace acklab
