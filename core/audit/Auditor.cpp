#include "audit/Auditor.h"

#include "audit/RecordTag.h"
#include "audit/StallDeadline.h"
#include "common/RdKafka.h"

#include <charconv>
#include <cstring>
#include <map>
#include <unordered_map>

namespace acklab {

AuditResult auditRun(const AuditOptions& o, const std::vector<MessageOutcome>& outcomes) {
    AuditResult r;
    r.checked = outcomes.size();
    KafkaProperties props = o.clientProperties;
    props.insert(props.end(), {
        {"bootstrap.servers", o.bootstrap},
        {"group.id", "acklab-audit-" + o.runId},
        {"enable.auto.commit", "false"},
        {"enable.partition.eof", "true"},
        {"fetch.wait.max.ms", "50"},
        {"client.id", "acklab-audit"},
        // Messages a failed idempotent/transactional producer left behind still count: read_uncommitted.
        {"isolation.level", "read_uncommitted"},
    });
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_CONSUMER, props, [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); },
                                  problems);
    if (!rk) {
        r.error = "audit consumer not created: " + joinProblems(problems);
        return r;
    }
    // Partitions from metadata; assign() from the beginning (no group rebalance wait).
    const rd_kafka_metadata_t* md = nullptr;
    auto err = rd_kafka_metadata(rk.get(), 0, topicHandle(rk.get(), o.topic).get(), &md, 10'000);
    if (err) {
        r.error = std::string("audit: metadata for '") + o.topic + "': " + rd_kafka_err2str(err);
        return r;
    }
    KafkaMetadata owned(md);
    KafkaTopicPartitionList parts(rd_kafka_topic_partition_list_new(8));
    std::map<int32_t, int64_t> highWatermark;
    for (int t = 0; t < md->topic_cnt; ++t) {
        if (o.topic != md->topics[t].topic) continue;
        if (md->topics[t].err) {
            r.error = std::string("audit: topic '") + o.topic + "': " + rd_kafka_err2str(md->topics[t].err);
            return r;
        }
        for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
            const int32_t id = md->topics[t].partitions[p].id;
            int64_t lo = 0, hi = 0;
            err = queryWatermarks(rk.get(), o.topic, id, lo, hi, 10'000);
            if (err) {
                r.error = "audit: watermarks of partition " + std::to_string(id) + ": " + rd_kafka_err2str(err);
                return r;
            }
            highWatermark[id] = hi;
            if (hi > lo) rd_kafka_topic_partition_list_add(parts.get(), o.topic.c_str(), id)->offset = lo;
        }
    }
    if (highWatermark.empty()) {
        r.error = "audit: topic '" + o.topic + "' has no partitions";
        return r;
    }

    std::vector<uint16_t> readCount(outcomes.size(), 0);
    // Last sequence read per (partition, key), for the order check.
    std::unordered_map<std::string, int64_t> lastSeq;
    size_t remaining = static_cast<size_t>(parts->cnt);
    if (remaining > 0) {
        if ((err = rd_kafka_assign(rk.get(), parts.get()))) {
            r.error = std::string("audit: assign: ") + rd_kafka_err2str(err);
            return r;
        }
    }
    StallDeadline stall(o.timeoutMs);
    std::map<int32_t, bool> done;
    while (remaining > 0) {
        if (stall.expired()) {
            r.error = "audit: nothing read for " + std::to_string(stall.boundSeconds()) + " s with " +
                      std::to_string(remaining) + " partition(s) not read to their end";
            break;
        }
        KafkaMessage m(rd_kafka_consumer_poll(rk.get(), 200));
        if (!m) continue;
        stall.progress();
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (!done[m->partition] && m->offset >= highWatermark[m->partition]) {
                done[m->partition] = true;
                --remaining;
            }
            continue;
        }
        if (m->err) {
            r.error = std::string("audit: consume: ") + rd_kafka_err2str(m->err);
            break;
        }
        std::string_view run;
        int64_t seq = -1;
        if (!readRecordTag(m.get(), run, seq) || run != o.runId) continue;
        if (static_cast<size_t>(seq) >= readCount.size()) continue;
        ++r.read;
        if (readCount[static_cast<size_t>(seq)]++ > 0) {
            ++r.duplicated;
            if (r.duplicatedExamples.size() < o.examples) r.duplicatedExamples.push_back(seq);
            continue;  // a duplicate says nothing new about order
        }
        auto [it, inserted] = lastSeq.emplace(orderScope(m.get()), seq);
        if (!inserted) {
            if (seq < it->second) {
                ++r.reordered;
                if (r.reorderedExamples.size() < o.examples) r.reorderedExamples.push_back(seq);
            } else {
                it->second = seq;
            }
        }
    }
    rd_kafka_consumer_close(rk.get());
    if (!r.error.empty()) return r;

    for (size_t s = 0; s < outcomes.size(); ++s) {
        const bool present = readCount[s] > 0;
        if (outcomes[s] == MessageOutcome::Delivered) {
            if (!present) {
                ++r.lost;
                if (r.lostExamples.size() < o.examples) r.lostExamples.push_back(static_cast<int64_t>(s));
            }
        } else if (present) {
            ++r.presentNotAcked;
            if (r.presentNotAckedExamples.size() < o.examples) r.presentNotAckedExamples.push_back(static_cast<int64_t>(s));
        } else {
            ++r.notAckedAbsent;
        }
    }
    r.ok = true;
    return r;
}

}  // namespace acklab
