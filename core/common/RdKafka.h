#pragma once
// One RAII owner per librdkafka object (docs/architecture.md, rule 2).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct RdKafkaDeleter {
    void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
    void operator()(rd_kafka_conf_t* conf) const noexcept { rd_kafka_conf_destroy(conf); }
    void operator()(rd_kafka_topic_t* rkt) const noexcept { rd_kafka_topic_destroy(rkt); }
    void operator()(rd_kafka_headers_t* hdrs) const noexcept { rd_kafka_headers_destroy(hdrs); }
    void operator()(rd_kafka_topic_partition_list_t* l) const noexcept {
        rd_kafka_topic_partition_list_destroy(l);
    }
    void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
    void operator()(rd_kafka_queue_t* q) const noexcept { rd_kafka_queue_destroy(q); }
    void operator()(const rd_kafka_metadata_t* md) const noexcept { rd_kafka_metadata_destroy(md); }
    void operator()(rd_kafka_mock_cluster_t* mc) const noexcept { rd_kafka_mock_cluster_destroy(mc); }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using KafkaConf = std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter>;
using KafkaTopicPartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaDeleter>;
using KafkaMessage = std::unique_ptr<rd_kafka_message_t, RdKafkaDeleter>;
using KafkaQueue = std::unique_ptr<rd_kafka_queue_t, RdKafkaDeleter>;
using KafkaMetadata = std::unique_ptr<const rd_kafka_metadata_t, RdKafkaDeleter>;
using KafkaTopic = std::unique_ptr<rd_kafka_topic_t, RdKafkaDeleter>;  // destroy before its client
// The mock cluster must be destroyed before the handle that hosts it (the other order aborts in librdkafka):
// declare it after that handle.
using KafkaMockCluster = std::unique_ptr<rd_kafka_mock_cluster_t, RdKafkaDeleter>;
using KafkaProperties = std::vector<std::pair<std::string, std::string>>;

// A log callback that drops librdkafka's lines: for AckLab's own helper clients (DLQ writer, audit and DLQ
// consumers, metadata lookups), whose connection chatter would only bury the run's own output.
inline void discardLog(const rd_kafka_t*, int, const char*, const char*) {}

// Sets one property; returns librdkafka's refusal text, or "" when accepted.
inline std::string confSet(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    char errstr[512] = {0};
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        return errstr[0] ? std::string(errstr) : "refused by librdkafka";
    }
    return {};
}

// Creates a librdkafka client from properties; a key given twice takes its last value (only that one is set).
// `setup` adds callbacks and the opaque. On failure returns null and fills `problems` with every property librdkafka
// refused ("linger.ms: ...", not only the first) or rd_kafka_new's own refusal. The conf is freed either way:
// rd_kafka_new takes it over only when it succeeds.
KafkaHandle createClient(rd_kafka_type_t type, const KafkaProperties& properties,
                         const std::function<void(rd_kafka_conf_t*)>& setup, std::vector<std::string>& problems);

// A topic handle, or null.
inline KafkaTopic topicHandle(rd_kafka_t* rk, const std::string& topic) {
    return KafkaTopic(rd_kafka_topic_new(rk, topic.c_str(), nullptr));
}

// rd_kafka_query_watermark_offsets, asked again while the answer is one a leader change gives for a moment
// (NOT_LEADER_FOR_PARTITION, LEADER_NOT_AVAILABLE, OFFSET_NOT_AVAILABLE, a fenced or unknown leader epoch, a
// dropped connection) until `timeoutMs` have passed in all; librdkafka refreshes its metadata between the tries.
// Right after a leader is killed the first answer is often NOT_LEADER_FOR_PARTITION.
rd_kafka_resp_err_t queryWatermarks(rd_kafka_t* rk, const std::string& topic, int32_t partition, int64_t& low,
                                    int64_t& high, int timeoutMs);

// "a; b; c"
std::string joinProblems(const std::vector<std::string>& problems, const char* separator = "; ");

}  // namespace acklab
