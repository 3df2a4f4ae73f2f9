#pragma once
// What the chaos tests draw from (tests/core/ChaosTest.cpp on the embedded cluster, tests/kafka/ChaosKafkaTest.cpp
// on Local Kafka): a portable seeded generator, error codes by class, random valid profiles.
#include "cluster/FaultSpec.h"
#include "profile/Presets.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace acklab::test {

// splitmix64: the same sequence from the same seed on every platform and standard library (std's
// distributions are not specified bit for bit, so a printed seed could replay differently elsewhere).
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int64_t between(int64_t lo, int64_t hi) {  // inclusive
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool chance(int num, int den) { return between(1, den) <= num; }
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<size_t>(between(0, static_cast<int64_t>(v.size()) - 1))];
    }

private:
    uint64_t state_;
};

// Produce errors the mock can answer with, by the class AckLab gives them (ErrorClassifier).
inline const std::vector<std::string> kTransient = {
    "NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "REQUEST_TIMED_OUT",    "NETWORK_EXCEPTION",
    "KAFKA_STORAGE_ERROR", "NOT_LEADER_FOR_PARTITION",         "LEADER_NOT_AVAILABLE", "THROTTLING_QUOTA_EXCEEDED"};
inline const std::vector<std::string> kPermanent = {
    "TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "MSG_SIZE_TOO_LARGE",  "RECORD_LIST_TOO_LARGE",
    "INVALID_RECORD",             "POLICY_VIOLATION",             "UNSUPPORTED_VERSION", "INVALID_MSG"};
inline const std::vector<std::string> kFatal = {"OUT_OF_ORDER_SEQUENCE_NUMBER", "INVALID_PRODUCER_EPOCH",
                                                "UNKNOWN_PRODUCER_ID", "INVALID_PRODUCER_ID_MAPPING"};

// A valid profile drawn from a preset: acks, idempotence (only with acks=all, as librdkafka requires), retries,
// in-flight, timeouts (delivery.timeout.ms within deliveryMs; request.timeout.ms from 200 ms to the larger of 1.5 s
// and a third of the delivery timeout), batching, backoffs, compression. Named p<index>-<preset>.
inline ProducerProfile randomProfile(Rng& rng, size_t index, std::pair<int64_t, int64_t> deliveryMs) {
    ProducerProfile p =
        *findPreset(rng.pick<std::string>({"critical", "analytics", "metrics", "production", "at-least-once"}));
    p.setName("p" + std::to_string(index) + "-" + p.name());
    const std::string acks = rng.pick<std::string>({"0", "1", "all"});
    const bool idempotent = acks == "all" && rng.chance(1, 2);
    p.set("acks", acks);
    p.set("enable.idempotence", idempotent ? "true" : "false");
    p.set("retries", idempotent ? rng.pick<std::string>({"3", "2147483647"})
                                : rng.pick<std::string>({"0", "1", "3", "2147483647"}));
    p.set("max.in.flight.requests.per.connection", idempotent ? rng.pick<std::string>({"1", "5"})
                                                              : rng.pick<std::string>({"1", "5", "10"}));
    const int64_t delivery = rng.between(deliveryMs.first, deliveryMs.second);
    p.set("delivery.timeout.ms", std::to_string(delivery));
    const int64_t request = rng.between(200, std::min<int64_t>(std::max<int64_t>(1500, delivery / 3), delivery));
    p.set("request.timeout.ms", std::to_string(request));
    p.set("linger.ms", rng.pick<std::string>({"0", "5", "20"}));
    p.set("retry.backoff.ms", rng.pick<std::string>({"10", "50", "100"}));
    p.set("reconnect.backoff.ms", "50");
    p.set("reconnect.backoff.max.ms", rng.pick<std::string>({"100", "300", "1000"}));
    p.set("compression.type", rng.pick<std::string>({"none", "none", "lz4", "zstd"}));
    return p;
}

// "  profile NAME: k=v k=v ...\n" and "  fault SPEC\n" lines: what a seed drew, for its log and failure message.
inline std::string describeDraw(const std::vector<ProducerProfile>& profiles, const std::vector<FaultSpec>& faults) {
    std::string s;
    for (const auto& p : profiles) {
        s += "  profile " + p.name() + ":";
        for (const auto& [k, v] : p.properties()) s += " " + k + "=" + v;
        s += "\n";
    }
    for (const auto& f : faults) s += "  fault " + f.text + "\n";
    return s;
}

// A whole number from the environment (ACKLAB_CHAOS_SEED ...), or the fallback when unset or empty.
inline uint64_t envNumber(const char* name, uint64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return std::strtoull(v, nullptr, 10);
}

}  // namespace acklab::test
