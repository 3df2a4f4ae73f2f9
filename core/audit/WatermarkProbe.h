#pragma once
// Reads a topic's high watermarks without ever blocking the caller. librdkafka 2.0.2's
// rd_kafka_query_watermark_offsets can wait far beyond its timeout, for minutes, when the partition's leader has
// died (seen on real Kafka after a SIGKILL), so each read runs on a detached thread with a client of its own
// (fresh metadata, so the next read finds the new leader). A read not answered in time is given up: its thread
// finishes on its own whenever librdkafka returns. At most kMaxStuck such reads exist at once; beyond that no new
// read starts (the reading says why), so a leader that stays away costs a bounded number of threads.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

class WatermarkProbe {
public:
    struct Reading {
        std::vector<int64_t> high;  // per partition, in the order given
        std::string error;          // "" when every partition answered
    };
    static constexpr int kMaxStuck = 4;

    WatermarkProbe(std::string bootstrap, std::vector<std::pair<std::string, std::string>> properties,
                   std::string topic, std::vector<int32_t> partitions, int timeoutMs);
    WatermarkProbe(const WatermarkProbe&) = delete;
    WatermarkProbe& operator=(const WatermarkProbe&) = delete;

    // Starts a read that begins after this call (a no-op while one is pending and not yet given up).
    void request();
    // The read asked for once it has completed or been given up (then cleared); nothing while it is pending.
    std::optional<Reading> take();

private:
    struct Job;
    struct Params {
        std::string bootstrap;
        std::vector<std::pair<std::string, std::string>> properties;
        std::string topic;
        std::vector<int32_t> partitions;
        int timeoutMs = 2000;
    };
    static void read(const std::shared_ptr<const Params>& params, const std::shared_ptr<Job>& job,
                     const std::shared_ptr<std::atomic<int>>& running);

    std::shared_ptr<const Params> params_;
    std::shared_ptr<std::atomic<int>> running_ = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<Job> job_;
    std::chrono::steady_clock::time_point started_{};
};

}  // namespace acklab
