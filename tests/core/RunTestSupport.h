#pragma once
// Helpers shared by the core tests that drive real runs on the embedded cluster.
#include <gtest/gtest.h>
#include <unistd.h>

#include "audit/Auditor.h"
#include "common/RdKafka.h"
#include "profile/Presets.h"
#include "scenario/RunReport.h"
#include "traffic/RunSession.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace acklab::test {

inline RunSpec embeddedSpec(const std::string& preset, std::vector<std::pair<std::string, std::string>> overrides,
                            int64_t messages, double rate, std::vector<std::string> faults = {}, int brokers = 3,
                            int partitions = 1) {
    RunSpec s;
    s.cluster.kind = ClusterChoice::Kind::Embedded;
    s.cluster.brokers = brokers;
    ProducerProfile p = *findPreset(preset);
    // Demo timings: the mock keeps a down broker's messages until reconnect.backoff.max.ms (docs/embedded-cluster.md).
    p.set("reconnect.backoff.max.ms", "500");
    for (const auto& [k, v] : overrides) p.set(k, v);
    s.profiles.push_back(p);
    s.traffic.topic = "acklab-test";
    s.traffic.partitions = partitions;
    s.traffic.messages = messages;
    s.traffic.rate = rate;
    for (const auto& f : faults) s.faults.push_back(FaultSpec::parse(f));
    s.dlqFile = ::testing::TempDir() + "acklab-dlq-" + std::to_string(::getpid()) + ".jsonl";
    return s;
}

// Counts the envelopes of `runId` in the DLQ topic (read back with a consumer while the cluster lives).
inline int64_t countDlqEnvelopes(const std::string& bootstrap, const std::string& topic, const std::string& runId,
                                 std::vector<std::string>* errorNames = nullptr) {
    KafkaConf conf(rd_kafka_conf_new());
    confSet(conf.get(), "bootstrap.servers", bootstrap);
    confSet(conf.get(), "group.id", "acklab-test-dlq");
    confSet(conf.get(), "enable.partition.eof", "true");
    confSet(conf.get(), "fetch.wait.max.ms", "50");
    char errstr[256];
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), errstr, sizeof errstr));
    if (!rk) return -1;
    KafkaTopicPartitionList parts(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(parts.get(), topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk.get(), parts.get());
    int64_t n = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        KafkaMessage m(rd_kafka_consumer_poll(rk.get(), 200));
        if (!m) continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) break;
        if (m->err) continue;
        rd_kafka_headers_t* h = nullptr;
        const void* v = nullptr;
        size_t len = 0;
        if (rd_kafka_message_headers(m.get(), &h) || rd_kafka_header_get_last(h, "acklab.dlq.run_id", &v, &len)) continue;
        if (std::string(static_cast<const char*>(v), len) != runId) continue;
        ++n;
        if (errorNames && rd_kafka_header_get_last(h, "acklab.dlq.error_name", &v, &len) == RD_KAFKA_RESP_ERR_NO_ERROR)
            errorNames->emplace_back(static_cast<const char*>(v), len);
    }
    rd_kafka_consumer_close(rk.get());
    return n;
}

inline void expectAccounting(const RunResult& r) {
    EXPECT_EQ(r.counters.sent, r.counters.delivered + r.counters.failed + r.inFlightAtEnd)
        << "sent == delivered + failed + in_flight_at_end";
}

}  // namespace acklab::test
