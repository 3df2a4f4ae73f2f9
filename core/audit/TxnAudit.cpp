#include "audit/TxnAudit.h"

#include "audit/RecordTag.h"
#include "audit/StallDeadline.h"
#include "common/RdKafka.h"

#include <algorithm>

namespace acklab {
namespace {

// Reads every partition of every topic from the start to its end with one isolation level and counts, per
// sequence number of the run, how often it was read. False (and a.error) when a topic could not be read whole.
bool readAll(const TxnAuditOptions& o, IsolationAudit& a, std::vector<uint16_t>& readCount) {
    KafkaProperties props = o.clientProperties;
    props.insert(props.end(), {{"bootstrap.servers", o.bootstrap},
                               {"group.id", "acklab-txn-audit-" + o.runId},
                               {"enable.auto.commit", "false"},
                               {"enable.partition.eof", "true"},
                               {"fetch.wait.max.ms", "50"},
                               {"client.id", "acklab-txn-audit"},
                               {"isolation.level", a.isolation}});
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_CONSUMER, props,
                                  [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
    if (!rk) {
        a.error = "audit consumer not created: " + joinProblems(problems);
        return false;
    }
    // Where each partition ends: its high watermark, which under read_committed the consumer reaches once no
    // transaction is open (the last stable offset has caught up).
    KafkaTopicPartitionList parts(rd_kafka_topic_partition_list_new(8));
    std::map<std::pair<std::string, int32_t>, int64_t> end;
    for (const auto& topic : o.topics) {
        const rd_kafka_metadata_t* md = nullptr;
        auto err = rd_kafka_metadata(rk.get(), 0, topicHandle(rk.get(), topic).get(), &md, 10'000);
        if (err) {
            a.error = "metadata for '" + topic + "': " + rd_kafka_err2str(err);
            return false;
        }
        KafkaMetadata owned(md);
        for (int t = 0; t < md->topic_cnt; ++t) {
            if (topic != md->topics[t].topic) continue;
            if (md->topics[t].err) {
                a.error = "topic '" + topic + "': " + rd_kafka_err2str(md->topics[t].err);
                return false;
            }
            for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
                const int32_t id = md->topics[t].partitions[p].id;
                int64_t lo = 0, hi = 0;
                if ((err = queryWatermarks(rk.get(), topic, id, lo, hi, 10'000))) {
                    a.error = "watermarks of " + topic + "/" + std::to_string(id) + ": " + rd_kafka_err2str(err);
                    return false;
                }
                if (hi > lo) {
                    end[{topic, id}] = hi;
                    rd_kafka_topic_partition_list_add(parts.get(), topic.c_str(), id)->offset = lo;
                }
            }
        }
    }
    size_t remaining = static_cast<size_t>(parts->cnt);
    if (remaining > 0) {
        if (auto err = rd_kafka_assign(rk.get(), parts.get())) {
            a.error = std::string("assign: ") + rd_kafka_err2str(err);
            return false;
        }
    }
    StallDeadline stall(o.timeoutMs);
    while (remaining > 0) {
        if (stall.expired()) {
            a.error = "nothing read for " + std::to_string(stall.boundSeconds()) + " s with " + std::to_string(remaining) +
                      " partition(s) not read to their end" +
                      (a.isolation == "read_committed" ? " (a transaction still open holds read_committed back)" : "");
            break;
        }
        KafkaMessage m(rd_kafka_consumer_poll(rk.get(), 200));
        if (!m) continue;
        stall.progress();
        const std::string topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "";
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            auto it = end.find({topic, m->partition});
            if (it != end.end() && m->offset >= it->second) {
                end.erase(it);
                --remaining;
            }
            continue;
        }
        if (m->err) {
            a.error = std::string("consume: ") + rd_kafka_err2str(m->err);
            break;
        }
        std::string_view run;
        int64_t seq = -1;
        if (!readRecordTag(m.get(), run, seq) || run != o.runId || static_cast<size_t>(seq) >= readCount.size()) continue;
        ++a.read;
        ++a.readByTopic[topic];
        if (readCount[static_cast<size_t>(seq)]++ > 0) {
            ++a.duplicated;
            if (a.duplicatedExamples.size() < o.examples) a.duplicatedExamples.push_back(seq);
        }
    }
    rd_kafka_consumer_close(rk.get());
    return a.error.empty();
}

IsolationAudit auditLevel(const TxnAuditOptions& o, const char* isolation, const std::vector<TransactionRecord>& txns,
                          const std::vector<MessageOutcome>& outcomes, uint64_t sent) {
    IsolationAudit a;
    a.isolation = isolation;
    std::vector<uint16_t> readCount(sent, 0);
    if (!readAll(o, a, readCount)) return a;
    std::vector<bool> inTxn(sent, false);
    for (size_t i = 0; i < txns.size(); ++i) {
        const auto& t = txns[i];
        const auto first = static_cast<size_t>(std::max<int64_t>(0, t.firstSeq));
        const auto last = std::min(sent, static_cast<uint64_t>(std::max<int64_t>(0, t.firstSeq + t.records)));
        uint64_t present = 0;
        for (size_t s = first; s < last; ++s) {
            inTxn[s] = t.outcome != TxnOutcome::Open;
            if (readCount[s] > 0) ++present;
        }
        const uint64_t n = last > first ? last - first : 0;
        if (t.outcome == TxnOutcome::Committed) {
            if (present == n) ++a.committedComplete;
            else if (present == 0) ++a.committedMissing;
            else {
                ++a.partial;
                if (a.partialExamples.size() < o.examples) a.partialExamples.push_back(static_cast<int64_t>(i + 1));
            }
            for (size_t s = first; s < last; ++s)
                if (readCount[s] == 0) {
                    ++a.lost;
                    if (a.lostExamples.size() < o.examples) a.lostExamples.push_back(static_cast<int64_t>(s));
                }
        } else if (t.outcome == TxnOutcome::Aborted || t.outcome == TxnOutcome::Fenced) {
            if (present > 0) ++a.abortedTransactionsVisible;
            for (size_t s = first; s < last; ++s) {
                if (s < outcomes.size() && outcomes[s] == MessageOutcome::Delivered) ++a.abortedAcknowledged;
                if (readCount[s] > 0) {
                    ++a.abortedVisible;
                    if (a.abortedVisibleExamples.size() < o.examples)
                        a.abortedVisibleExamples.push_back(static_cast<int64_t>(s));
                }
            }
        }
    }
    for (size_t s = 0; s < sent; ++s)
        if (!inTxn[s] && readCount[s] > 0) ++a.outsideTransactions;
    a.ok = true;
    return a;
}

}  // namespace

TxnAuditResult auditTransactions(const TxnAuditOptions& o, const std::vector<TransactionRecord>& transactions,
                                 const std::vector<MessageOutcome>& outcomes, uint64_t sent) {
    TxnAuditResult r;
    r.committed = auditLevel(o, "read_committed", transactions, outcomes, sent);
    r.uncommitted = auditLevel(o, "read_uncommitted", transactions, outcomes, sent);
    return r;
}

}  // namespace acklab
