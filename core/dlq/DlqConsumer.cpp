#include "dlq/DlqConsumer.h"

#include "common/RdKafka.h"
#include "dlq/DlqRecordParser.h"

#include <atomic>
#include <unistd.h>

namespace acklab {
namespace {


bool isUnreachable(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT ||
           err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__RESOLVE ||
           err == RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE;
}

DlqRecord fromMessage(const rd_kafka_message_t* m) {
    DlqRecord r;
    r.source.kind = DlqSource::Kind::Topic;
    r.source.topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "";
    r.source.partition = m->partition;
    r.source.offset = m->offset;
    rd_kafka_timestamp_type_t type;
    const int64_t ts = rd_kafka_message_timestamp(m, &type);
    r.timestampMs = ts > 0 ? ts : 0;
    if (m->key) r.rawKey.emplace(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) r.rawValue.emplace(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* h = nullptr;
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
        const char* name = nullptr;
        const void* val = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(h, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            r.rawHeaders.emplace_back(name ? name : "", val ? std::string(static_cast<const char*>(val), size) : std::string());
    }
    DlqRecordParser::parseKafkaRecord(r);
    return r;
}

}  // namespace

DlqConsumer::DlqConsumer(const DlqReaderOptions& options) : options_(options) {
    static std::atomic<uint64_t> counter{0};
    KafkaProperties props = options_.clientProperties;
    props.insert(props.end(), {
        {"bootstrap.servers", options_.bootstrap},
        // assign() needs a group; nothing is committed, so a unique throwaway group disturbs nobody.
        {"group.id", "acklab-dlq-reader-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)},
        {"client.id", "acklab-dlq-reader"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"enable.partition.eof", "true"},
        {"auto.offset.reset", "earliest"},
        {"allow.auto.create.topics", "false"},
        {"fetch.wait.max.ms", "100"},
        {"reconnect.backoff.max.ms", "1000"},
    });
    std::vector<std::string> problems;
    rk_ = createClient(RD_KAFKA_CONSUMER, props, [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); },
                       problems);
    if (!rk_) error_ = "DLQ consumer not created: " + joinProblems(problems);
}

DlqConsumer::~DlqConsumer() {
    if (rk_) rd_kafka_consumer_close(rk_.get());
}

bool DlqConsumer::refresh(int timeoutMs) {
    if (!rk_) return false;
    unreachable_ = missing_ = false;
    const rd_kafka_metadata_t* md = nullptr;
    const KafkaTopic rkt = topicHandle(rk_.get(), options_.topic);
    if (!rkt) {
        error_ = "topic '" + options_.topic + "': " + rd_kafka_err2str(rd_kafka_last_error());
        return false;
    }
    auto err = rd_kafka_metadata(rk_.get(), 0, rkt.get(), &md, timeoutMs);
    if (err) {
        unreachable_ = isUnreachable(err);
        error_ = "metadata from " + options_.bootstrap + ": " + rd_kafka_err2str(err);
        return false;
    }
    KafkaMetadata owned(md);
    std::vector<int32_t> ids;
    for (int t = 0; t < md->topic_cnt; ++t) {
        if (options_.topic != md->topics[t].topic) continue;
        if (md->topics[t].err) {
            missing_ = md->topics[t].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
            error_ = "topic '" + options_.topic + "': " + rd_kafka_err2str(md->topics[t].err);
            return false;
        }
        for (int p = 0; p < md->topics[t].partition_cnt; ++p) ids.push_back(md->topics[t].partitions[p].id);
    }
    if (ids.empty()) {
        missing_ = true;
        error_ = "topic '" + options_.topic + "' does not exist";
        return false;
    }
    bool added = false;
    for (int32_t id : ids) {
        int64_t lo = 0, hi = 0;
        err = queryWatermarks(rk_.get(), options_.topic, id, lo, hi, timeoutMs);
        if (err) {
            unreachable_ = isUnreachable(err);
            error_ = "watermarks of " + options_.topic + "[" + std::to_string(id) + "]: " + rd_kafka_err2str(err);
            return false;
        }
        high_[id] = hi;
        if (!next_.count(id)) {
            next_[id] = lo;
            added = true;
        } else if (next_[id] < lo) {
            next_[id] = lo;  // retention dropped what we had not read yet
        }
    }
    if (added) {
        KafkaTopicPartitionList parts(rd_kafka_topic_partition_list_new(static_cast<int>(next_.size())));
        for (const auto& [id, off] : next_)
            rd_kafka_topic_partition_list_add(parts.get(), options_.topic.c_str(), id)->offset = off;
        if ((err = rd_kafka_assign(rk_.get(), parts.get()))) {
            error_ = std::string("assign: ") + rd_kafka_err2str(err);
            return false;
        }
    }
    error_.clear();
    return true;
}

std::vector<DlqRecord> DlqConsumer::poll(int timeoutMs, size_t max) {
    std::vector<DlqRecord> out;
    if (!rk_ || next_.empty()) return out;
    int wait = timeoutMs;
    while (out.size() < max) {
        KafkaMessage m(rd_kafka_consumer_poll(rk_.get(), wait));
        wait = 0;
        if (!m) break;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (auto it = next_.find(m->partition); it != next_.end() && m->offset > it->second) it->second = m->offset;
            continue;
        }
        if (m->err) {
            // Transport hiccups are retried by librdkafka; keep the last one for the status line.
            error_ = rd_kafka_message_errstr(m.get());
            continue;
        }
        if (auto it = next_.find(m->partition); it != next_.end()) it->second = m->offset + 1;
        out.push_back(fromMessage(m.get()));
    }
    return out;
}

bool DlqConsumer::caughtUp() const { return unreadPartitions() == 0; }

size_t DlqConsumer::unreadPartitions() const {
    size_t n = 0;
    for (const auto& [id, next] : next_) {
        auto it = high_.find(id);
        if (it != high_.end() && next < it->second) ++n;
    }
    return n;
}

}  // namespace acklab
