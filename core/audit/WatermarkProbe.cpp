#include "audit/WatermarkProbe.h"

#include "common/RdKafka.h"

#include <mutex>
#include <thread>

namespace acklab {

struct WatermarkProbe::Job {
    std::mutex mutex;
    bool done = false;
    Reading reading;
};

WatermarkProbe::WatermarkProbe(std::string bootstrap, std::vector<std::pair<std::string, std::string>> properties,
                               std::string topic, std::vector<int32_t> partitions, int timeoutMs)
    : params_(std::make_shared<const Params>(
          Params{std::move(bootstrap), std::move(properties), std::move(topic), std::move(partitions), timeoutMs})) {}

void WatermarkProbe::read(const std::shared_ptr<const Params>& p, const std::shared_ptr<Job>& job,
                          const std::shared_ptr<std::atomic<int>>& running) {
    Reading r;
    KafkaConf conf(rd_kafka_conf_new());
    std::string bad;
    for (const auto& [k, v] : p->properties)
        if (auto e = confSet(conf.get(), k, v); !e.empty()) bad = k + ": " + e;
    confSet(conf.get(), "bootstrap.servers", p->bootstrap);
    confSet(conf.get(), "client.id", "acklab-e2e-watermarks");
    confSet(conf.get(), "socket.timeout.ms", std::to_string(std::max(p->timeoutMs, 1000)));
    rd_kafka_conf_set_log_cb(conf.get(), discardLog);
    char errstr[512];
    KafkaHandle rk(bad.empty() ? rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), errstr, sizeof errstr) : nullptr);
    if (!bad.empty()) r.error = bad;
    else if (!rk) r.error = std::string("watermark client not created: ") + errstr;
    for (size_t i = 0; rk && i < p->partitions.size(); ++i) {
        int64_t lo = 0, hi = 0;
        const auto err = rd_kafka_query_watermark_offsets(rk.get(), p->topic.c_str(), p->partitions[i], &lo, &hi, p->timeoutMs);
        if (err) {
            r.error = "watermarks of partition " + std::to_string(p->partitions[i]) + ": " + rd_kafka_err2name(err);
            break;
        }
        r.high.push_back(hi);
    }
    rk.reset();
    {
        std::lock_guard lock(job->mutex);
        job->reading = std::move(r);
        job->done = true;
    }
    running->fetch_sub(1);
}

void WatermarkProbe::request() {
    if (job_) return;
    job_ = std::make_shared<Job>();
    started_ = std::chrono::steady_clock::now();
    if (running_->load() >= kMaxStuck) {
        job_->done = true;
        job_->reading.error = "watermark reads are not answered (" + std::to_string(kMaxStuck) +
                              " still waiting: a partition leader is unreachable)";
        return;
    }
    running_->fetch_add(1);
    std::thread([p = params_, job = job_, running = running_] { read(p, job, running); }).detach();
}

std::optional<WatermarkProbe::Reading> WatermarkProbe::take() {
    if (!job_) return std::nullopt;
    {
        // The lock lives in the job: keep the job alive until the lock is released, then let it go.
        const auto job = job_;
        std::unique_lock lock(job->mutex);
        if (job->done) {
            Reading r = std::move(job->reading);
            lock.unlock();
            job_.reset();
            return r;
        }
    }
    // Not answered within twice the timeout plus a second: give it up (its thread ends when librdkafka returns).
    if (std::chrono::steady_clock::now() - started_ > std::chrono::milliseconds(2 * params_->timeoutMs + 1000)) {
        job_.reset();
        return Reading{{}, "watermarks: no answer within " + std::to_string(2 * params_->timeoutMs + 1000) + " ms"};
    }
    return std::nullopt;
}

}  // namespace acklab
