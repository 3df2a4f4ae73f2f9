#include "common/RdKafka.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <iterator>

namespace acklab {

KafkaHandle createClient(rd_kafka_type_t type, const KafkaProperties& properties,
                         const std::function<void(rd_kafka_conf_t*)>& setup, std::vector<std::string>& problems) {
    problems.clear();
    KafkaConf conf(rd_kafka_conf_new());
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::string& k = it->first;
        const std::string& v = it->second;
        // Overridden by a later entry: only the value that counts is handed over, so an earlier value librdkafka
        // would refuse (a profile's, replaced by --security or the Cluster tab's) is not a problem.
        if (std::any_of(std::next(it), properties.end(), [&k](const auto& kv) { return kv.first == k; })) continue;
        if (auto e = confSet(conf.get(), k, v); !e.empty()) problems.push_back(k + ": " + e);
    }
    if (!problems.empty()) return nullptr;
    if (setup) setup(conf.get());
    char errstr[512] = {0};
    KafkaHandle rk(rd_kafka_new(type, conf.get(), errstr, sizeof errstr));
    if (!rk) {
        problems.emplace_back(errstr[0] ? errstr : "rd_kafka_new refused the configuration");
        return nullptr;  // conf is still ours and freed here
    }
    (void)conf.release();  // owned by rk now
    return rk;
}

rd_kafka_resp_err_t queryWatermarks(rd_kafka_t* rk, const std::string& topic, int32_t partition, int64_t& low,
                                    int64_t& high, int timeoutMs) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        const auto err = rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &low, &high,
                                                          static_cast<int>(std::max<int64_t>(left, 1)));
        switch (err) {
        case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
        case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR__TRANSPORT:
            break;
        default:
            return err;
        }
        if (Clock::now() + std::chrono::milliseconds(200) >= deadline) return err;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

std::string joinProblems(const std::vector<std::string>& problems, const char* separator) {
    std::string out;
    for (const auto& p : problems) out += (out.empty() ? "" : separator) + p;
    return out;
}

}  // namespace acklab
