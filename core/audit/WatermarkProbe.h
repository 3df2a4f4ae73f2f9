#pragma once
// Reads a topic's high watermarks on a thread of its own, with a client of its own, so the thread that asks
// never blocks: rd_kafka_query_watermark_offsets can wait far beyond its timeout while a partition's leader is
// dead (seen on real Kafka: minutes, in librdkafka 2.0.2), and the end-to-end tracker must keep reading then.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace acklab {

class WatermarkProbe {
public:
    struct Reading {
        std::vector<int64_t> high;  // per partition, in the order given
        std::string error;          // "" when every partition answered
    };

    // Creates the client (throws std::runtime_error with librdkafka's text) and starts the thread.
    WatermarkProbe(const std::string& bootstrap, const std::vector<std::pair<std::string, std::string>>& properties,
                   std::string topic, std::vector<int32_t> partitions, int timeoutMs);
    ~WatermarkProbe();  // stops; waits for a read in progress to return
    WatermarkProbe(const WatermarkProbe&) = delete;
    WatermarkProbe& operator=(const WatermarkProbe&) = delete;

    // Asks for a read that begins after this call (a no-op while one is pending).
    void request();
    // The reading asked for, once it has completed (then cleared); nothing while it is in progress.
    std::optional<Reading> take();

private:
    void threadMain();

    struct Client;
    std::unique_ptr<Client> client_;
    std::string topic_;
    std::vector<int32_t> partitions_;
    int timeoutMs_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false, wanted_ = false;
    std::optional<Reading> done_;
};

}  // namespace acklab
