// Regenerates stats-broker-down.json: librdkafka statistics taken while the leader of some partitions was down,
// from a producer against librdkafka's mock cluster (3 brokers, partition 0 led by broker 1): broker 1's
// connection is not UP and messages for its partitions wait in the queue.
// Not part of the build:  g++ -std=c++20 gen-stats-broker-down.cpp -o gen -lrdkafka && ./gen stats-broker-down.json
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {
std::mutex mutex;
std::vector<std::string> samples;
int onStats(rd_kafka_t*, char* json, size_t len, void*) {
    std::lock_guard lock(mutex);
    samples.emplace_back(json, len);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    char err[512];
    rd_kafka_conf_t* hostConf = rd_kafka_conf_new();
    rd_kafka_t* host = rd_kafka_new(RD_KAFKA_PRODUCER, hostConf, err, sizeof err);
    rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(host, 3);
    rd_kafka_mock_topic_create(mc, "acklab-test", 3, 3);
    for (int p = 0; p < 3; ++p) rd_kafka_mock_partition_set_leader(mc, "acklab-test", p, 1 + p % 2);
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (auto [k, v] : {std::pair{"bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mc)},
                        {"statistics.interval.ms", "250"}, {"linger.ms", "5"}})
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) return 1;
    rd_kafka_conf_set_stats_cb(conf, onStats);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) return 1;
    const auto t0 = std::chrono::steady_clock::now();
    bool down = false;
    for (int i = 0; std::chrono::steady_clock::now() < t0 + std::chrono::seconds(4); ++i) {
        if (!down && std::chrono::steady_clock::now() > t0 + std::chrono::seconds(1)) {
            rd_kafka_mock_broker_set_down(mc, 1);
            down = true;
        }
        const std::string v = "message-" + std::to_string(i);
        rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("acklab-test"), RD_KAFKA_V_PARTITION(i % 3),
                          RD_KAFKA_V_VALUE(const_cast<char*>(v.data()), v.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_END);
        rd_kafka_poll(rk, 2);
    }
    // The last sample with broker 1 not UP and messages waiting for partition 0.
    std::string best;
    {
        std::lock_guard lock(mutex);
        for (const auto& s : samples) {
            const auto j = nlohmann::json::parse(s);
            bool b1Down = false;
            for (const auto& [name, b] : j["brokers"].items())
                if (b["nodeid"] == 1 && b["state"] != "UP") b1Down = true;
            const auto& p0 = j["topics"]["acklab-test"]["partitions"]["0"];
            if (b1Down && p0["msgq_cnt"].get<long>() + p0["xmit_msgq_cnt"].get<long>() > 0) best = s;
        }
    }
    rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_destroy(rk);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(host);
    if (best.empty()) return 1;
    std::FILE* f = std::fopen(argv[1], "w");
    if (!f) return 1;
    std::fwrite(best.data(), 1, best.size(), f);
    std::fclose(f);
    return 0;
}
