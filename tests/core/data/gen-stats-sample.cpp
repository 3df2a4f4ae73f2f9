// Regenerates stats-sample.json: a real librdkafka statistics JSON from a producer against librdkafka's mock
// cluster (1 broker), taken while traffic flowed so the rtt / int_latency / outbuf_latency windows are filled.
// Not part of the build:  g++ -std=c++20 gen-stats-sample.cpp -o gen -lrdkafka && ./gen stats-sample.json
#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {
std::vector<std::string> samples;
int onStats(rd_kafka_t*, char* json, size_t len, void*) {
    samples.emplace_back(json, len);
    return 0;  // librdkafka frees json
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (auto [k, v] : {std::pair{"test.mock.num.brokers", "1"}, {"statistics.interval.ms", "100"}, {"linger.ms", "5"}})
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "%s\n", err);
            return 1;
        }
    rd_kafka_conf_set_stats_cb(conf, onStats);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        std::fprintf(stderr, "%s\n", err);
        return 1;
    }
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
    for (int i = 0; std::chrono::steady_clock::now() < end; ++i) {
        const std::string v = "message-" + std::to_string(i);
        rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("acklab-sample"), RD_KAFKA_V_VALUE(const_cast<char*>(v.data()), v.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        rd_kafka_poll(rk, 2);
    }
    rd_kafka_flush(rk, 10000);
    rd_kafka_destroy(rk);

    // Keep the sample with the most round trips measured, preferring one with messages still queued.
    const std::string* best = nullptr;
    long bestScore = -1;
    for (const auto& s : samples) {
        const auto j = nlohmann::json::parse(s);
        for (const auto& [name, b] : j["brokers"].items()) {
            if (b["nodeid"] == -1 || b["rtt"]["cnt"] == 0 || b["int_latency"]["cnt"] == 0) continue;
            const long score = b["rtt"]["cnt"].get<long>() + (j["msg_cnt"].get<long>() > 0 ? 1000 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = &s;
            }
        }
    }
    if (!best) return 1;
    std::FILE* f = std::fopen(argv[1], "w");
    if (!f) return 1;
    std::fwrite(best->data(), 1, best->size(), f);
    std::fclose(f);
    return 0;
}
