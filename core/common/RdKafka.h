#pragma once
// One RAII owner per librdkafka object (docs/architecture.md, rule 2).
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>

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
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using KafkaConf = std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter>;
using KafkaTopicPartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaDeleter>;
using KafkaMessage = std::unique_ptr<rd_kafka_message_t, RdKafkaDeleter>;
using KafkaQueue = std::unique_ptr<rd_kafka_queue_t, RdKafkaDeleter>;
using KafkaMetadata = std::unique_ptr<const rd_kafka_metadata_t, RdKafkaDeleter>;

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

}  // namespace acklab
