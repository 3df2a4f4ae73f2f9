#include "audit/WatermarkProbe.h"

#include "common/RdKafka.h"

#include <stdexcept>

namespace acklab {

struct WatermarkProbe::Client {
    KafkaHandle rk;
};

WatermarkProbe::WatermarkProbe(const std::string& bootstrap,
                               const std::vector<std::pair<std::string, std::string>>& properties, std::string topic,
                               std::vector<int32_t> partitions, int timeoutMs)
    : client_(std::make_unique<Client>()), topic_(std::move(topic)), partitions_(std::move(partitions)), timeoutMs_(timeoutMs) {
    KafkaConf conf(rd_kafka_conf_new());
    for (const auto& [k, v] : properties)
        if (auto e = confSet(conf.get(), k, v); !e.empty()) throw std::runtime_error(k + ": " + e);
    confSet(conf.get(), "bootstrap.servers", bootstrap);
    confSet(conf.get(), "client.id", "acklab-e2e-watermarks");
    confSet(conf.get(), "group.id", "acklab-e2e-watermarks");
    // A request to a dead leader fails after this instead of librdkafka's 60 s default.
    confSet(conf.get(), "socket.timeout.ms", std::to_string(std::max(timeoutMs, 1000)));
    rd_kafka_conf_set_log_cb(conf.get(), discardLog);
    char errstr[512];
    client_->rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), errstr, sizeof errstr));
    if (!client_->rk) throw std::runtime_error(std::string("watermark client not created: ") + errstr);
    thread_ = std::thread([this] { threadMain(); });
}

WatermarkProbe::~WatermarkProbe() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void WatermarkProbe::request() {
    {
        std::lock_guard lock(mutex_);
        if (wanted_) return;
        wanted_ = true;
        done_.reset();
    }
    cv_.notify_all();
}

std::optional<WatermarkProbe::Reading> WatermarkProbe::take() {
    std::lock_guard lock(mutex_);
    auto r = std::move(done_);
    done_.reset();
    return r;
}

void WatermarkProbe::threadMain() {
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [this] { return stop_ || wanted_; });
        if (stop_) return;
        lock.unlock();
        Reading r;
        for (int32_t p : partitions_) {
            int64_t lo = 0, hi = 0;
            const auto err = rd_kafka_query_watermark_offsets(client_->rk.get(), topic_.c_str(), p, &lo, &hi, timeoutMs_);
            if (err) {
                r.error = "watermarks of partition " + std::to_string(p) + ": " + rd_kafka_err2name(err);
                break;
            }
            r.high.push_back(hi);
        }
        lock.lock();
        wanted_ = false;
        done_ = std::move(r);
    }
}

}  // namespace acklab
