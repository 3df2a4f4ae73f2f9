#include "diagnose/DiagnoseRules.h"

#include "common/Format.h"
#include "profile/ProfileValidator.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace acklab {

const char* toString(Finding::Severity severity) {
    switch (severity) {
    case Finding::Severity::Ok: return "ok";
    case Finding::Severity::Warn: return "warn";
    case Finding::Severity::Fail: return "fail";
    }
    return "fail";
}

Finding::Severity worst(const std::vector<Finding>& findings) {
    auto w = Finding::Severity::Ok;
    for (const auto& f : findings) w = std::max(w, f.severity);
    return w;
}

int64_t singleRecordBatchBytes(int64_t valueSize, int64_t keySize) {
    return 61 + 21 + 40 + std::max<int64_t>(valueSize, 0) + std::max<int64_t>(keySize, 0);
}

namespace {

using S = Finding::Severity;
using A = AccessFact::State;

std::optional<int64_t> integer(const std::map<std::string, std::string>& m, const std::string& key) {
    const auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    int64_t v = 0;
    const auto* end = it->second.data() + it->second.size();
    const auto [ptr, ec] = std::from_chars(it->second.data(), end, v);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return v;
}

std::string ids(const std::vector<int32_t>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s + "]";
}

std::string num(int64_t n) { return n < 0 ? "-" + thousands(static_cast<uint64_t>(-n)) : thousands(static_cast<uint64_t>(n)); }

// The profile as librdkafka runs it.
struct Effective {
    std::map<std::string, std::string> values;
    std::vector<ValidationIssue> errors;

    explicit Effective(const ProducerProfile& p) {
        const auto v = validateProfile(p);
        for (const auto& [k, val] : v.effective) values[k] = val;
        for (const auto& i : v.issues)
            if (i.severity == ValidationIssue::Severity::Error) errors.push_back(i);
    }
    std::string text(const std::string& key, const std::string& fallback) const {
        const auto it = values.find(key);
        return it == values.end() ? fallback : it->second;
    }
    int64_t number(const std::string& key, int64_t fallback) const { return integer(values, key).value_or(fallback); }
    bool acksAll() const {
        const auto a = text("acks", "all");
        return a == "all" || a == "-1";
    }
    bool idempotent() const { return text("enable.idempotence", "false") == "true"; }
};

void brokers(const ClusterFacts& f, std::vector<Finding>& out) {
    if (!f.authenticationError.empty()) {
        out.push_back({S::Fail, "brokers", "the brokers refuse these credentials: " + f.authenticationError,
                       "SASL_AUTHENTICATION_FAILED",
                       "check security.protocol, sasl.mechanism, sasl.username and sasl.password (-X)"});
        return;
    }
    if (!f.reachable) {
        out.push_back({S::Fail, "brokers", "no broker answered at " + f.bootstrap + ": " + f.unreachableReason,
                       "_TRANSPORT then _MSG_TIMED_OUT",
                       "check the bootstrap servers, that the cluster is up and the listener's security protocol"});
        return;
    }
    std::string what = std::to_string(f.brokers.size()) + " broker(s) answer:";
    bool seenVersions = false;
    for (const auto& b : f.brokers) {
        what += " " + std::to_string(b.id) + "@" + b.address;
        if (b.produceMax >= 0) {
            seenVersions = true;
            what += " (" + std::to_string(b.apiCount) + " APIs, Produce v" + std::to_string(b.produceMin) + "..v" +
                    std::to_string(b.produceMax) + ")";
        }
    }
    if (seenVersions)
        what += "; these API version ranges are what the ApiVersions answer tells (Kafka does not report its release "
                "number over the protocol); librdkafka 2.0.2 uses Produce up to v7";
    else
        what += "; no ApiVersions answer was seen, so nothing about their versions";
    out.push_back({S::Ok, "brokers", what, "", ""});
    for (const auto& n : f.nodeNotes)
        out.push_back({S::Warn, "brokers", n, "",
                       "a stopped or dead node is not in the ISR for long: see the replication findings"});
}

void topic(const ClusterFacts& f, const DiagnoseInput& in, const Effective& e, std::vector<Finding>& out) {
    const auto& t = f.topic;
    if (t.name.empty()) return;
    if (t.exists()) {
        out.push_back({S::Ok, "topic", "topic " + t.name + " exists with " + std::to_string(t.partitions.size()) +
                                           " partition(s)", "", ""});
        return;
    }
    if (t.metadataError == "TOPIC_AUTHORIZATION_FAILED") {
        out.push_back({S::Fail, "topic",
                       "the cluster refuses to describe topic " + t.name + " to " +
                           (f.principal.empty() ? "this principal" : f.principal) + " (no Describe permission)",
                       "TOPIC_AUTHORIZATION_FAILED",
                       "grant Describe and Write on topic " + t.name + " (kafka-acls.sh --add --allow-principal " +
                           (f.principal.empty() ? "User:<name>" : f.principal) + " --operation Describe --operation "
                           "Write --topic " + t.name + ")"});
        return;
    }
    if (t.metadataError == "UNKNOWN_TOPIC_OR_PART" || (t.metadataError.empty() && t.partitions.empty())) {
        const auto autoCreate = f.brokerConfigs.find("auto.create.topics.enable");
        const int64_t wait = e.number("topic.metadata.propagation.max.ms", 30000);
        const int64_t delivery = e.number("delivery.timeout.ms", 300000);
        const std::string how = "librdkafka waits topic.metadata.propagation.max.ms (" + num(wait) +
                                " ms) for it to appear, then fails every message with UNKNOWN_TOPIC_OR_PARTITION" +
                                (delivery <= wait ? " (here delivery.timeout.ms " + num(delivery) +
                                                        " ms runs out first: _MSG_TIMED_OUT)"
                                                  : "");
        const std::string create = "create it first (kafka-topics.sh --create --topic " + t.name +
                                   " --replication-factor 3 --config min.insync.replicas=2)";
        if (autoCreate != f.brokerConfigs.end() && autoCreate->second == "true")
            out.push_back({S::Warn, "topic",
                           "topic " + t.name + " does not exist; the brokers create it on first use "
                           "(auto.create.topics.enable=true) with their defaults (num.partitions, "
                           "default.replication.factor), which may not be the durability you want",
                           "", create});
        else if (autoCreate != f.brokerConfigs.end())
            out.push_back({S::Fail, "topic",
                           "topic " + t.name + " does not exist and the brokers do not create topics "
                           "(auto.create.topics.enable=false): " + how,
                           "UNKNOWN_TOPIC_OR_PARTITION", create});
        else
            out.push_back({S::Fail, "topic",
                           "topic " + t.name + " does not exist; whether the brokers would create it is unknown ("
                           "auto.create.topics.enable could not be read: " + f.brokerConfigsError + "). Without "
                           "auto-create, " + how,
                           "UNKNOWN_TOPIC_OR_PARTITION", create});
        return;
    }
    out.push_back({S::Warn, "topic", "metadata for topic " + t.name + " answered " + t.metadataError, t.metadataError,
                   "retry; if it persists, check the brokers' logs"});
    (void)in;
}

void replication(const ClusterFacts& f, const Effective& e, std::vector<Finding>& out) {
    const auto& t = f.topic;
    if (!t.exists()) return;
    const bool all = e.acksAll();
    const std::string acks = "acks=" + e.text("acks", "all");
    const size_t rf = t.partitions.front().replicas.size();
    std::optional<int64_t> minIsr = integer(t.configs, "min.insync.replicas");
    std::string minIsrFrom = "topic config";
    if (!minIsr) {
        minIsr = integer(f.brokerConfigs, "min.insync.replicas");
        minIsrFrom = "broker default (topic config unreadable: " + t.configsError + ")";
    }
    const std::string minIsrText = minIsr ? std::to_string(*minIsr) : "unknown";

    // Kafka 4.x caps min.insync.replicas at the replication factor (measured on 4.1.1: an RF 2 topic with
    // min.insync.replicas 3 takes acks=all writes while both replicas are in sync).
    const int64_t effectiveMin = minIsr ? std::min<int64_t>(*minIsr, static_cast<int64_t>(rf)) : 0;
    std::vector<int32_t> offline;
    std::vector<int32_t> underMin;
    std::vector<int32_t> underReplicated;
    std::string layout;
    for (const auto& p : t.partitions) {
        layout += " p" + std::to_string(p.partition) + " leader=" + std::to_string(p.leader) + " replicas=" + ids(p.replicas) +
                  " isr=" + ids(p.isr) + ";";
        if (p.leader < 0) offline.push_back(p.partition);
        else if (minIsr && static_cast<int64_t>(p.isr.size()) < effectiveMin) underMin.push_back(p.partition);
        if (p.isr.size() < p.replicas.size()) underReplicated.push_back(p.partition);
    }
    layout.pop_back();
    out.push_back({S::Ok, "partitions", "topic " + t.name + ": replication factor " + std::to_string(rf) +
                                            ", min.insync.replicas " + minIsrText +
                                            (minIsr ? " (" + minIsrFrom + ")" : "") + ";" + layout,
                   "", ""});

    if (!minIsr)
        out.push_back({S::Warn, "replication",
                       "min.insync.replicas could not be read (topic: " + t.configsError + "; broker: " +
                           f.brokerConfigsError + "): whether acks=all can be refused is unknown",
                       "", "grant DescribeConfigs on the topic to the principal, or ask the cluster's owner"});

    if (!offline.empty())
        out.push_back({S::Fail, "partitions",
                       "offline partition(s) " + ids(offline) + ": no leader, so nothing can be written there",
                       "_MSG_TIMED_OUT",
                       "bring back the brokers that hold their replicas; librdkafka waits for a leader until "
                       "delivery.timeout.ms (" + num(e.number("delivery.timeout.ms", 300000)) + " ms)"});

    const bool minAboveRf = minIsr && static_cast<int64_t>(rf) < *minIsr;
    if (minAboveRf)
        out.push_back({S::Warn, "replication",
                       "replication factor " + std::to_string(rf) + " is below min.insync.replicas " + minIsrText +
                           ": Kafka 4.x caps min.insync.replicas at the replication factor, so acks=all needs every "
                           "replica in sync and one replica out of the ISR fails every acks=all write (brokers "
                           "without that cap refuse every acks=all write)",
                       all ? "NOT_ENOUGH_REPLICAS" : "",
                       "recreate the topic with replication factor >= " + minIsrText +
                           " or lower min.insync.replicas (kafka-configs.sh --alter --entity-type topics "
                           "--entity-name " + t.name + " --add-config min.insync.replicas=" +
                           std::to_string(std::max<size_t>(1, rf > 1 ? rf - 1 : 1)) + ")"});
    if (!underMin.empty()) {
        out.push_back({all ? S::Fail : S::Warn, "isr",
                       "partition(s) " + ids(underMin) + " have fewer in-sync replicas than min.insync.replicas " +
                           std::to_string(effectiveMin) +
                           (all ? ": the leader refuses acks=all writes (librdkafka retries them until "
                                  "delivery.timeout.ms, then reports _MSG_TIMED_OUT naming NOT_ENOUGH_REPLICAS)"
                                : ": " + acks + " still succeeds, on fewer copies than the topic asks for"),
                       all ? "NOT_ENOUGH_REPLICAS" : "",
                       "bring the missing replicas back into the ISR (restart or unfreeze their brokers); "
                       "until then only acks=1/0 producers can write, without the durability acks=all promises"});
    } else if (!underReplicated.empty()) {
        out.push_back({S::Warn, "isr",
                       "partition(s) " + ids(underReplicated) + " are under-replicated (ISR smaller than the replica "
                       "set) but still at or above min.insync.replicas " + minIsrText,
                       "", "one more replica lost and acks=all writes fail with NOT_ENOUGH_REPLICAS: bring the "
                           "missing replicas back"});
    } else if (offline.empty()) {
        std::string what = "every partition's ISR is full";
        if (all && minIsr) {
            const int64_t tolerated = static_cast<int64_t>(rf) - effectiveMin;
            what += "; acks=all tolerates " + std::to_string(tolerated) + " broker(s) down";
            if (tolerated == 0 && minAboveRf) {
                what.clear();
            } else if (tolerated == 0) {
                out.push_back({S::Warn, "replication", what + ": one broker down and every write is refused",
                               "NOT_ENOUGH_REPLICAS",
                               "keep min.insync.replicas below the replication factor (RF 3, min.insync.replicas 2)"});
                what.clear();
            }
        }
        if (!what.empty()) out.push_back({S::Ok, "isr", what, "", ""});
    }
    if (rf == 1)
        out.push_back({S::Warn, "replication", "replication factor 1: one copy, lost with its broker's disk", "",
                       "use replication factor 3 for data that must not be lost"});
    if (all && minIsr && *minIsr <= 1 && rf > 1)
        out.push_back({S::Warn, "replication",
                       "min.insync.replicas " + minIsrText +
                           ": acks=all is acknowledged by the leader alone once the ISR shrinks, so a leader crash can "
                           "still lose acknowledged writes",
                       "", "set min.insync.replicas=2 on a replication-factor-3 topic"});
}

void size(const ClusterFacts& f, const DiagnoseInput& in, const Effective& e, std::vector<Finding>& out) {
    const int64_t record = singleRecordBatchBytes(in.valueSize, in.keySize);
    const int64_t clientMax = e.number("message.max.bytes", 1000000);
    const std::string compression = e.text("compression.type", "none");
    const bool compressed = compression != "none";
    if (in.valueSize + in.keySize > clientMax) {
        out.push_back({S::Fail, "size",
                       "a " + num(in.valueSize) + "-byte value is larger than the producer's message.max.bytes " +
                           num(clientMax) + ": librdkafka refuses it in produce(), before any broker sees it",
                       "MSG_SIZE_TOO_LARGE", "raise message.max.bytes (and the topic's max.message.bytes) or send "
                                             "smaller records (a reference to the payload, or split it)"});
        return;
    }
    if (!f.topic.exists()) return;
    std::optional<int64_t> topicMax = integer(f.topic.configs, "max.message.bytes");
    std::string from = "topic max.message.bytes";
    if (!topicMax) {
        topicMax = integer(f.brokerConfigs, "message.max.bytes");
        from = "broker message.max.bytes (the topic's own limit could not be read: " + f.topic.configsError + ")";
    }
    if (!topicMax) {
        out.push_back({S::Warn, "size",
                       "the topic's max.message.bytes could not be read (" + f.topic.configsError +
                           "): whether a " + num(in.valueSize) + "-byte record fits is unknown",
                       "", "grant DescribeConfigs on the topic, or ask the cluster's owner for max.message.bytes"});
        return;
    }
    const std::string limit = from + " " + num(*topicMax);
    if (record > *topicMax) {
        out.push_back({compressed ? S::Warn : S::Fail, "size",
                       "one " + num(in.valueSize) + "-byte record makes a batch of about " + num(record) +
                           " bytes, over the " + limit +
                           (compressed ? "; with compression.type=" + compression + " it fits only if it compresses "
                                         "below the limit"
                                       : " (compression.type=none): the broker refuses it"),
                       "MSG_SIZE_TOO_LARGE",
                       "raise the topic's max.message.bytes (kafka-configs.sh --alter --entity-type topics "
                       "--entity-name " + f.topic.name + " --add-config max.message.bytes=" +
                           std::to_string(record + 1024) + "), compress, or send smaller records"});
        return;
    }
    const int64_t batch = std::min(e.number("batch.size", 1000000), clientMax);
    if (batch > *topicMax)
        out.push_back({S::Warn, "size",
                       "a " + num(in.valueSize) + "-byte record fits the " + limit + ", but librdkafka fills batches up "
                       "to min(batch.size, message.max.bytes) = " + num(batch) + " bytes: under load a batch of "
                       "several records can exceed the limit and the broker refuses the whole batch",
                       "MSG_SIZE_TOO_LARGE",
                       "set batch.size below " + num(*topicMax) + " or raise the topic's max.message.bytes"});
    else
        out.push_back({S::Ok, "size",
                       "a " + num(in.valueSize) + "-byte record (batch about " + num(record) + " bytes) and batches up "
                       "to " + num(batch) + " bytes fit the " + limit + " (compression.type=" + compression + ")",
                       "", ""});
}

std::string who(const ClusterFacts& f) { return f.principal.empty() ? "the configured principal" : f.principal; }

// What the brokers' configs settle without touching the id: no authorizer means no ACL is checked. Whether the
// principal is a super user cannot be read: Kafka answers DescribeConfigs with super.users hidden (sensitive, no
// value), as for every authorizer setting it does not define itself.
AccessFact transactionalIdFromConfigs(const ClusterFacts& f, const std::string& txn) {
    const std::string notProbed = "InitProducerId with it was not asked, because it fences a producer running with " + txn;
    if (f.configBroker < 0)
        return {A::Unknown, "the brokers' configs could not be read (" + f.brokerConfigsError + ") and " + notProbed};
    const std::string broker = "broker " + std::to_string(f.configBroker);
    const auto authorizer = f.brokerConfigs.find("authorizer.class.name");
    if (authorizer != f.brokerConfigs.end() && authorizer->second.empty())
        return {A::Allowed, broker + " runs no authorizer (authorizer.class.name is empty): no ACL is checked"};
    return {A::Unknown, broker + " checks ACLs (" +
                            (authorizer == f.brokerConfigs.end() ? "authorizer not listed" : authorizer->second) +
                            "; whether " + who(f) + " is a super user cannot be read, Kafka hides super.users) and " +
                            notProbed};
}

void access(const ClusterFacts& f, const Effective& e, std::vector<Finding>& out) {
    if (f.aclsAsked) {
        if (f.aclsError.empty()) {
            std::string what = "ACLs naming " + who(f) + ": ";
            if (f.acls.empty())
                what += "none listed. That means no ACL names it, or it may not list ACLs (DescribeAcls needs Describe "
                        "on the Cluster, and librdkafka 2.0.2 drops the broker's refusal and returns an empty list); "
                        "a super user needs none. The probes below decide";
            for (size_t i = 0; i < f.acls.size(); ++i) what += (i ? "; " : "") + f.acls[i];
            if (!f.acls.empty()) what += " (what the principal may do is probed below)";
            out.push_back({S::Ok, "acls", what, "", ""});
        } else {
            out.push_back({S::Ok, "acls",
                           "could not list ACLs (" + f.aclsError + "; DescribeAcls needs Describe on the Cluster): "
                           "what the principal may do was probed instead",
                           "", ""});
        }
    }
    auto topicAccess = [&](const TopicFacts& t, bool dlq) {
        if (t.name.empty()) return;
        const std::string check = dlq ? "dlq.write" : "access.write";
        const auto sev = dlq ? S::Warn : S::Fail;
        const std::string consequence = dlq ? " (its DLQ envelopes fall back to a local file)" : "";
        if (t.describe.state == A::Denied) {
            if (dlq)  // the main topic's denial already has its own finding
                out.push_back({S::Warn, check, who(f) + " may not Describe DLQ topic " + t.name + consequence,
                               "TOPIC_AUTHORIZATION_FAILED", "grant Describe and Write on " + t.name});
            return;
        }
        if (dlq && !t.exists() && t.metadataError == "UNKNOWN_TOPIC_OR_PART") {
            out.push_back({S::Warn, check, "DLQ topic " + t.name + " does not exist" + consequence,
                           "UNKNOWN_TOPIC_OR_PARTITION", "create " + t.name + " (replication factor 3)"});
            return;
        }
        switch (t.write.state) {
        case A::Allowed:
            out.push_back({S::Ok, check, who(f) + " may Describe and Write " + (dlq ? "DLQ topic " : "topic ") + t.name +
                                             ": " + t.write.detail, "", ""});
            break;
        case A::Denied:
            out.push_back({sev, check, who(f) + " may Describe but not Write " + (dlq ? "DLQ topic " : "topic ") +
                                           t.name + ": " + t.write.detail + consequence,
                           "TOPIC_AUTHORIZATION_FAILED",
                           "grant Write on topic " + t.name + " (kafka-acls.sh --add --allow-principal " +
                               (f.principal.empty() ? "User:<name>" : f.principal) + " --operation Write --topic " +
                               t.name + ")"});
            break;
        case A::Unknown:
            out.push_back({S::Warn, check, "whether " + who(f) + " may Write " + t.name + " is unknown: " + t.write.detail,
                           "", "ask the cluster's owner, or grant DescribeConfigs on the topic so AckLab can probe"});
            break;
        case A::NotChecked: break;
        }
    };
    topicAccess(f.topic, false);
    topicAccess(f.dlq, true);

    if (e.idempotent()) {
        const auto& i = f.idempotentWrite;
        if (i.state == A::Allowed)
            out.push_back({S::Ok, "access.idempotent", "the cluster gave an idempotent producer its producer id: " +
                                                           i.detail, "", ""});
        else if (i.state == A::Denied)
            out.push_back({S::Fail, "access.idempotent",
                           "the cluster refuses an idempotent producer id to " + who(f) + ": " + i.detail +
                               "; with enable.idempotence=true the producer is unusable (fatal error)",
                           "CLUSTER_AUTHORIZATION_FAILED",
                           "grant IdempotentWrite on the Cluster (or Write on a topic: Kafka 3.0+ accepts either), "
                           "or set enable.idempotence=false"});
        else if (i.state == A::Unknown)
            out.push_back({S::Warn, "access.idempotent", "whether the cluster gives an idempotent producer id is "
                                                         "unknown: " + i.detail, "", ""});
    }
    const auto txn = e.text("transactional.id", "");
    if (txn.empty()) return;
    const AccessFact t = f.transactionalId.state == A::NotChecked ? transactionalIdFromConfigs(f, txn) : f.transactionalId;
    const std::string principal = f.principal.empty() ? "User:<name>" : f.principal;
    switch (t.state) {
    case A::Allowed:
        out.push_back({S::Ok, "access.transactional", who(f) + " may use transactional.id " + txn + ": " + t.detail,
                       "", ""});
        break;
    case A::Denied:
        out.push_back({S::Fail, "access.transactional",
                       who(f) + " may not use transactional.id " + txn + ": " + t.detail +
                           "; init_transactions fails and the producer sends nothing",
                       "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
                       "grant Write on the TransactionalId (kafka-acls.sh --add --allow-principal " + principal +
                           " --operation Write --transactional-id " + txn + ")"});
        break;
    case A::Unknown:
    case A::NotChecked:
        out.push_back({S::Warn, "access.transactional",
                       "whether " + who(f) + " may use transactional.id " + txn + " is unknown: " + t.detail, "",
                       "diagnose again with --probe-transactional-id (\"Probe transactional.id\" on the Diagnose "
                       "page) while no producer runs with " + txn + ": the probe fences it. Or ask for Write on "
                       "TransactionalId " + txn});
        break;
    }
}

void timeouts(const Effective& e, std::vector<Finding>& out) {
    for (const auto& issue : e.errors)
        out.push_back({S::Fail, "profile", (issue.key.empty() ? "" : issue.key + ": ") + issue.message,
                       "_INVALID_ARG", "fix the property: librdkafka will not create this producer"});
    const int64_t delivery = e.number("delivery.timeout.ms", 300000);
    const int64_t linger = e.number("linger.ms", 5);
    const int64_t request = e.number("request.timeout.ms", 30000);
    const std::string arithmetic = "delivery.timeout.ms " + num(delivery) + " vs linger.ms " + num(linger) +
                                   " + request.timeout.ms " + num(request) + " = " + num(linger + request);
    if (delivery < linger + request)
        out.push_back({S::Fail, "timeouts",
                       arithmetic + ": a message can run out of time while its one request is still waiting for "
                       "the broker, with no time left to retry (the Java client refuses this configuration; "
                       "librdkafka runs it)",
                       "_MSG_TIMED_OUT",
                       "set delivery.timeout.ms >= " + num(linger + request) + " (the lesson's production profile: "
                       "120000 with request.timeout.ms 30000, linger.ms 5)"});
    else
        out.push_back({S::Ok, "timeouts", arithmetic + ": room for " +
                                              std::to_string((delivery - linger) / std::max<int64_t>(request, 1)) +
                                              " full request timeout(s) before a message gives up", "", ""});
}

}  // namespace

std::vector<Finding> diagnoseFindings(const ClusterFacts& facts, const DiagnoseInput& input) {
    std::vector<Finding> out;
    const Effective e(input.profile);
    brokers(facts, out);
    if (facts.reachable && facts.authenticationError.empty()) {
        topic(facts, input, e, out);
        replication(facts, e, out);
        size(facts, input, e, out);
        access(facts, e, out);
    }
    timeouts(e, out);
    return out;
}

}  // namespace acklab
