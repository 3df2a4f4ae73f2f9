#pragma once
// Helpers shared by the DLQ tests: produce one record as it is (key, value, headers) and read a topic whole.
#include "common/RdKafka.h"
#include "dlq/DlqReader.h"

#include <cstdint>
#include <optional>
#include <string>

namespace acklab::test {

// Produces one record and waits for its delivery report; returns its offset (-1 on failure).
inline int64_t produceRecord(const std::string& bootstrap, const std::string& topic, const std::optional<std::string>& key,
                      const std::optional<std::string>& value, const DlqHeaders& headers = {}, int32_t partition = -1) {
    KafkaConf conf(rd_kafka_conf_new());
    confSet(conf.get(), "bootstrap.servers", bootstrap);
    confSet(conf.get(), "message.max.bytes", "10000000");
    int64_t offset = -1;
    rd_kafka_conf_set_dr_msg_cb(conf.get(), [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
        *static_cast<int64_t*>(opaque) = m->err ? -2 : m->offset;
    });
    rd_kafka_conf_set_opaque(conf.get(), &offset);
    char errstr[512];
    KafkaHandle p(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), errstr, sizeof errstr));
    if (!p) return -1;
    rd_kafka_headers_t* h = rd_kafka_headers_new(headers.size());
    for (const auto& [k, v] : headers) rd_kafka_header_add(h, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
    void* valPtr = value ? const_cast<char*>(value->data()) : nullptr;
    const size_t valLen = value ? value->size() : 0;
    const void* keyPtr = key ? key->data() : nullptr;
    const size_t keyLen = key ? key->size() : 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
    auto err = rd_kafka_producev(p.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(valPtr, valLen),
                                 RD_KAFKA_V_KEY(keyPtr, keyLen), RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    if (err) {
        rd_kafka_headers_destroy(h);
        return -1;
    }
    rd_kafka_flush(p.get(), 20'000);
    return offset;
}

inline DlqReadResult readTopic(const std::string& bootstrap, const std::string& topic) {
    DlqReaderOptions o;
    o.bootstrap = bootstrap;
    o.topic = topic;
    o.timeoutMs = 30'000;
    return DlqReader::readTopic(o);
}

}  // namespace acklab::test
