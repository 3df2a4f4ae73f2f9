#include "diagnose/ClusterProbe.h"

#include "cluster/MetadataPartition.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <regex>

namespace acklab {

namespace {

using Clock = std::chrono::steady_clock;
using A = AccessFact::State;

struct EventDeleter {
    void operator()(rd_kafka_event_t* e) const noexcept { rd_kafka_event_destroy(e); }
    void operator()(rd_kafka_AdminOptions_t* o) const noexcept { rd_kafka_AdminOptions_destroy(o); }
    void operator()(rd_kafka_ConfigResource_t* r) const noexcept { rd_kafka_ConfigResource_destroy(r); }
    void operator()(rd_kafka_AclBindingFilter_t* f) const noexcept { rd_kafka_AclBinding_destroy(f); }
};
template <typename T>
using Owned = std::unique_ptr<T, EventDeleter>;

// What the main client's callbacks saw: ApiVersions ranges (debug=feature log lines) and errors.
struct Listener {
    std::mutex mutex;
    std::map<std::string, BrokerFact> versions;  // by "host:port"
    std::string authError;
    std::string lastError;

    static void log(const rd_kafka_t* rk, int, const char*, const char* text) {
        auto* self = static_cast<Listener*>(rd_kafka_opaque(rk));
        // "[thrd:...]: 127.0.0.1:19392/bootstrap:   ApiKey Produce (0) Versions 3..12"
        static const std::regex apiKey(R"((?:\w+://)?([^\s\[\]/]+:\d+)/[^:\s]+:\s+ApiKey (\w+) \((\d+)\) Versions (\d+)\.\.(\d+))");
        std::cmatch m;
        if (!std::regex_search(text, m, apiKey)) return;
        std::lock_guard lock(self->mutex);
        auto& b = self->versions[m[1].str()];
        b.apiCount++;
        if (m[3].str() == "0") {
            b.produceMin = std::stoi(m[4].str());
            b.produceMax = std::stoi(m[5].str());
        }
    }
    static void error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
        auto* self = static_cast<Listener*>(opaque);
        (void)rk;
        std::lock_guard lock(self->mutex);
        const auto code = static_cast<rd_kafka_resp_err_t>(err);
        const std::string text = std::string(rd_kafka_err2name(code)) + ": " + reason;
        if (code == RD_KAFKA_RESP_ERR__AUTHENTICATION || code == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED)
            self->authError = text;
        self->lastError = text;
    }
};

KafkaProperties baseProperties(const ProbeOptions& o, const std::string& clientId) {
    KafkaProperties p = o.connection;
    p.emplace_back("bootstrap.servers", o.bootstrap);
    p.emplace_back("client.id", clientId);
    p.emplace_back("allow.auto.create.topics", "false");
    p.emplace_back("socket.timeout.ms", std::to_string(std::max(o.timeoutMs, 1000)));
    return p;
}

std::string errName(rd_kafka_resp_err_t err) { return rd_kafka_err2name(err); }

// Waits for one admin result on q; "" or the request-level error.
Owned<rd_kafka_event_t> awaitResult(rd_kafka_queue_t* q, int timeoutMs, std::string& error) {
    Owned<rd_kafka_event_t> ev(rd_kafka_queue_poll(q, timeoutMs + 2000));
    if (!ev) {
        error = "no answer within " + std::to_string(timeoutMs) + " ms";
        return ev;
    }
    if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = errName(rd_kafka_event_error(ev.get()));
        const char* s = rd_kafka_event_error_string(ev.get());
        if (s != nullptr && *s != '\0' && error != s) error += " (" + std::string(s) + ")";
    }
    return ev;
}

Owned<rd_kafka_AdminOptions_t> adminOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs) {
    Owned<rd_kafka_AdminOptions_t> opts(rd_kafka_AdminOptions_new(rk, op));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(opts.get(), timeoutMs, err, sizeof err);
    return opts;
}

// DescribeConfigs of one resource: every entry, or the error.
std::map<std::string, std::string> describeConfigs(rd_kafka_t* rk, rd_kafka_ResourceType_t type, const std::string& name,
                                                   int timeoutMs, std::string& error) {
    std::map<std::string, std::string> out;
    Owned<rd_kafka_ConfigResource_t> res(rd_kafka_ConfigResource_new(type, name.c_str()));
    auto opts = adminOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeoutMs);
    KafkaQueue q(rd_kafka_queue_new(rk));
    rd_kafka_ConfigResource_t* list[] = {res.get()};
    rd_kafka_DescribeConfigs(rk, list, 1, opts.get(), q.get());
    auto ev = awaitResult(q.get(), timeoutMs, error);
    if (!ev || !error.empty()) return out;
    const auto* result = rd_kafka_event_DescribeConfigs_result(ev.get());
    size_t n = 0;
    const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(result, &n);
    if (n == 0) {
        error = "no resource in the answer";
        return out;
    }
    if (rd_kafka_ConfigResource_error(resources[0]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = errName(rd_kafka_ConfigResource_error(resources[0]));
        return out;
    }
    size_t cnt = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[0], &cnt);
    for (size_t i = 0; i < cnt; ++i) {
        const char* value = rd_kafka_ConfigEntry_value(entries[i]);
        out[rd_kafka_ConfigEntry_name(entries[i])] = value != nullptr ? value : "";
    }
    return out;
}

void describeAcls(rd_kafka_t* rk, const std::string& principal, int timeoutMs, ClusterFacts& f) {
    f.aclsAsked = true;
    char err[256];
    Owned<rd_kafka_AclBindingFilter_t> filter(rd_kafka_AclBindingFilter_new(
        RD_KAFKA_RESOURCE_ANY, nullptr, RD_KAFKA_RESOURCE_PATTERN_ANY, principal.c_str(), nullptr,
        RD_KAFKA_ACL_OPERATION_ANY, RD_KAFKA_ACL_PERMISSION_TYPE_ANY, err, sizeof err));
    if (!filter) {
        f.aclsError = err;
        return;
    }
    auto opts = adminOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBEACLS, timeoutMs);
    KafkaQueue q(rd_kafka_queue_new(rk));
    rd_kafka_DescribeAcls(rk, filter.get(), opts.get(), q.get());
    auto ev = awaitResult(q.get(), timeoutMs, f.aclsError);
    if (!ev || !f.aclsError.empty()) return;
    const auto* result = rd_kafka_event_DescribeAcls_result(ev.get());
    size_t n = 0;
    const rd_kafka_AclBinding_t** acls = rd_kafka_DescribeAcls_result_acls(result, &n);
    for (size_t i = 0; i < n; ++i) {
        const auto* b = acls[i];
        f.acls.push_back(std::string(rd_kafka_AclPermissionType_name(rd_kafka_AclBinding_permission_type(b))) + " " +
                         rd_kafka_AclOperation_name(rd_kafka_AclBinding_operation(b)) + " on " +
                         rd_kafka_ResourceType_name(rd_kafka_AclBinding_restype(b)) + " " +
                         rd_kafka_AclBinding_name(b) + " (" +
                         rd_kafka_ResourcePatternType_name(rd_kafka_AclBinding_resource_pattern_type(b)) + ", host " +
                         rd_kafka_AclBinding_host(b) + ")");
    }
}

void readTopicMetadata(rd_kafka_t* rk, TopicFacts& t, int timeoutMs) {
    const KafkaTopic rkt = topicHandle(rk, t.name);
    const rd_kafka_metadata_t* md = nullptr;
    const auto err = rd_kafka_metadata(rk, 0, rkt.get(), &md, timeoutMs);
    if (err) {
        t.metadataError = errName(err);
        return;
    }
    KafkaMetadata owned(md);
    for (int i = 0; i < md->topic_cnt; ++i) {
        const auto& mt = md->topics[i];
        if (t.name != mt.topic) continue;
        if (mt.err) t.metadataError = errName(mt.err);
        for (int p = 0; p < mt.partition_cnt; ++p) t.partitions.push_back(partitionInfo(mt.partitions[p]));
    }
    if (t.metadataError == "TOPIC_AUTHORIZATION_FAILED") {
        t.describe = {A::Denied, "metadata for " + t.name + " answered TOPIC_AUTHORIZATION_FAILED"};
    } else if (t.metadataError.empty() || t.metadataError == "UNKNOWN_TOPIC_OR_PART") {
        // Kafka answers UNKNOWN_TOPIC_OR_PARTITION only to a principal that may Describe the topic.
        t.describe = {A::Allowed, "metadata for " + t.name + " answered " +
                                      (t.metadataError.empty() ? "its partitions" : t.metadataError)};
    } else {
        t.describe = {A::Unknown, "metadata for " + t.name + " answered " + t.metadataError};
    }
}

struct ProbeResult {
    std::atomic<int> err{-1};  // -1: no delivery report yet
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    static_cast<ProbeResult*>(opaque)->err = m->err;
}

void probeWrite(const ProbeOptions& o, TopicFacts& t) {
    if (!t.exists()) return;
    if (t.describe.state == A::Denied) return;
    const auto limitIt = t.configs.find("max.message.bytes");
    if (limitIt == t.configs.end()) {
        t.write = {A::Unknown, "not probed: the topic's max.message.bytes could not be read (" + t.configsError +
                                   "), and without it no produce probe is sure to write nothing"};
        return;
    }
    int64_t limit = 0;
    try {
        limit = std::stoll(limitIt->second);
    } catch (const std::exception&) {
        t.write = {A::Unknown, "not probed: max.message.bytes is '" + limitIt->second + "'"};
        return;
    }
    if (limit <= 0 || limit > 50'000'000) {
        t.write = {A::Unknown, "not probed: a record over max.message.bytes " + limitIt->second +
                                   " would be too large a request to send as a probe"};
        return;
    }
    int32_t partition = -1;
    for (const auto& p : t.partitions)
        if (p.leader >= 0) {
            partition = p.partition;
            break;
        }
    if (partition < 0) {
        t.write = {A::Unknown, "not probed: no partition has a leader"};
        return;
    }
    const size_t bytes = static_cast<size_t>(limit) + 1;
    KafkaProperties props = baseProperties(o, "acklab-diagnose-write-probe");
    for (const auto& kv : KafkaProperties{{"acks", "1"},
                                          {"enable.idempotence", "false"},
                                          {"compression.type", "none"},
                                          {"linger.ms", "0"},
                                          {"retries", "0"},
                                          {"message.max.bytes", std::to_string(bytes + 4096)},
                                          {"receive.message.max.bytes", std::to_string(std::max<size_t>(bytes + 8192, 100000000))},
                                          {"delivery.timeout.ms", std::to_string(o.timeoutMs * 2)},
                                          {"request.timeout.ms", std::to_string(o.timeoutMs)}})
        props.push_back(kv);
    ProbeResult result;
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [&](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_log_cb(conf, discardLog);
        rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
        rd_kafka_conf_set_opaque(conf, &result);
    }, problems);
    if (!rk) {
        t.write = {A::Unknown, "not probed: " + joinProblems(problems)};
        return;
    }
    std::string value(bytes, 'x');
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
    const auto err = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(t.name.c_str()), RD_KAFKA_V_PARTITION(partition),
                                       RD_KAFKA_V_VALUE(value.data(), value.size()),
                                       RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    if (err) {
        t.write = {A::Unknown, "not probed: librdkafka refused the probe record: " + errName(err)};
        return;
    }
    rd_kafka_flush(rk.get(), o.timeoutMs * 2 + 1000);
    const std::string what = "a produce probe of one " + std::to_string(bytes) + "-byte record (1 byte over max.message.bytes) to partition " +
                             std::to_string(partition) + " was answered ";
    const int e = result.err.load();
    if (e == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
        t.write = {A::Allowed, what + "MSG_SIZE_TOO_LARGE: the write is authorised, and nothing was written"};
    else if (e == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
        t.write = {A::Denied, what + "TOPIC_AUTHORIZATION_FAILED"};
    else if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
        t.write = {A::Allowed, what + "with success: the topic took a record over its own limit (one probe record was "
                                      "written)"};
    else if (e < 0)
        t.write = {A::Unknown, "the produce probe had no answer within " + std::to_string(o.timeoutMs * 2) + " ms"};
    else
        t.write = {A::Unknown, what + errName(static_cast<rd_kafka_resp_err_t>(e))};
}

struct IdempotenceWatch {
    std::mutex mutex;
    std::string state;
    int64_t producerId = -1;
    std::string fatal;
};

int onStats(rd_kafka_t*, char* json, size_t len, void* opaque) {
    auto* w = static_cast<IdempotenceWatch*>(opaque);
    const auto j = nlohmann::json::parse(json, json + len, nullptr, false);
    if (j.is_object() && j.contains("eos") && j["eos"].is_object()) {
        std::lock_guard lock(w->mutex);
        w->state = j["eos"].value("idemp_state", std::string());
        w->producerId = j["eos"].value("producer_id", int64_t{-1});
    }
    return 0;
}

void onIdempotenceError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* w = static_cast<IdempotenceWatch*>(opaque);
    std::lock_guard lock(w->mutex);
    char buf[512] = {0};
    const auto fatal = err == RD_KAFKA_RESP_ERR__FATAL ? rd_kafka_fatal_error(rk, buf, sizeof buf) : RD_KAFKA_RESP_ERR_NO_ERROR;
    if (fatal != RD_KAFKA_RESP_ERR_NO_ERROR) w->fatal = errName(fatal) + ": " + buf;
    else if (err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED) w->fatal = errName(RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED) + ": " + reason;
}

AccessFact probeIdempotence(const ProbeOptions& o) {
    KafkaProperties props = baseProperties(o, "acklab-diagnose-idempotence-probe");
    props.emplace_back("enable.idempotence", "true");
    props.emplace_back("statistics.interval.ms", "100");
    IdempotenceWatch w;
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [&](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_log_cb(conf, discardLog);
        rd_kafka_conf_set_stats_cb(conf, onStats);
        rd_kafka_conf_set_error_cb(conf, onIdempotenceError);
        rd_kafka_conf_set_opaque(conf, &w);
    }, problems);
    if (!rk) return {A::Unknown, "not probed: " + joinProblems(problems)};
    const auto deadline = Clock::now() + std::chrono::milliseconds(o.timeoutMs * 2);
    while (Clock::now() < deadline) {
        rd_kafka_poll(rk.get(), 100);
        std::lock_guard lock(w.mutex);
        if (!w.fatal.empty())
            return {A::Denied, "InitProducerId for an idempotent producer was answered " + w.fatal};
        if (w.state == "Assigned")
            return {A::Allowed, "InitProducerId answered producer id " + std::to_string(w.producerId)};
    }
    std::lock_guard lock(w.mutex);
    return {A::Unknown, "no producer id within " + std::to_string(o.timeoutMs * 2) + " ms (state " +
                            (w.state.empty() ? "unknown" : w.state) + ")"};
}

// Opt-in only: InitProducerId with the profile's transactional.id. Kafka checks Write on that TransactionalId
// first (TRANSACTIONAL_ID_AUTHORIZATION_FAILED); when allowed, the coordinator bumps the id's epoch, which fences a
// producer running with it and aborts its open transaction. Nothing is written.
AccessFact probeTransactionalId(const ProbeOptions& o) {
    KafkaProperties props = baseProperties(o, "acklab-diagnose-transactional-id-probe");
    props.emplace_back("transactional.id", o.transactionalId);
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_log_cb(conf, discardLog);
    }, problems);
    if (!rk) return {A::Unknown, "not probed: " + joinProblems(problems)};
    const int timeoutMs = o.timeoutMs * 2;
    rd_kafka_error_t* raw = rd_kafka_init_transactions(rk.get(), timeoutMs);
    if (raw == nullptr)
        return {A::Allowed, "InitProducerId with transactional.id " + o.transactionalId +
                                " was answered with a producer id (any producer running with that id is now fenced)"};
    const auto code = rd_kafka_error_code(raw);
    const std::string text = std::string(rd_kafka_error_name(raw)) + " (" + rd_kafka_error_string(raw) + ")";
    rd_kafka_error_destroy(raw);
    if (code == RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
        return {A::Denied, "InitProducerId with transactional.id " + o.transactionalId + " was answered " + text};
    if (code == RD_KAFKA_RESP_ERR__TIMED_OUT)
        return {A::Unknown, "InitProducerId had no answer within " + std::to_string(timeoutMs) + " ms"};
    return {A::Unknown, "InitProducerId with transactional.id " + o.transactionalId + " was answered " + text};
}

std::string principalOf(const KafkaProperties& connection) {
    std::string protocol = "plaintext";
    std::string user;
    for (const auto& [k, v] : connection) {
        if (k == "security.protocol") {
            protocol.clear();
            for (char c : v) protocol += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (k == "sasl.username") user = v;
    }
    if (protocol.rfind("sasl", 0) == 0) return user.empty() ? "" : "User:" + user;
    if (protocol == "plaintext") return "User:ANONYMOUS";  // Kafka's default principal builder
    return "";  // SSL: the certificate's distinguished name, not known here
}

}  // namespace

bool isConnectionProperty(const std::string& key) {
    return key == "security.protocol" || key.rfind("sasl.", 0) == 0 || key.rfind("ssl.", 0) == 0 ||
           key == "client.dns.lookup" || key == "broker.address.family";
}

ClusterFacts probeCluster(const ProbeOptions& o) {
    ClusterFacts f;
    f.bootstrap = o.bootstrap;
    f.principal = principalOf(o.connection);
    f.topic.name = o.topic;
    f.dlq.name = o.dlqTopic;

    Listener listener;
    KafkaProperties props = baseProperties(o, "acklab-diagnose");
    props.emplace_back("debug", "feature");  // librdkafka logs each broker's ApiVersions ranges under it
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [&](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_log_cb(conf, Listener::log);
        rd_kafka_conf_set_error_cb(conf, Listener::error);
        rd_kafka_conf_set_opaque(conf, &listener);
    }, problems);
    if (!rk) {
        f.unreachableReason = "no client: " + joinProblems(problems);
        return f;
    }

    const rd_kafka_metadata_t* md = nullptr;
    const auto err = rd_kafka_metadata(rk.get(), 0, nullptr, &md, o.timeoutMs);
    if (err || md == nullptr) {
        // Error events (an authentication refusal among them) reach error_cb only through rd_kafka_poll.
        for (int i = 0; i < 10; ++i) {
            rd_kafka_poll(rk.get(), 100);
            std::lock_guard lock(listener.mutex);
            if (!listener.authError.empty()) break;
        }
        std::lock_guard lock(listener.mutex);
        f.authenticationError = listener.authError;
        f.unreachableReason = errName(err) + (listener.lastError.empty() ? "" : " (" + listener.lastError + ")");
        return f;
    }
    KafkaMetadata owned(md);
    f.reachable = md->broker_cnt > 0;
    if (!f.reachable) f.unreachableReason = "the metadata lists no broker";
    for (int i = 0; i < md->broker_cnt; ++i) {
        BrokerFact b;
        b.id = md->brokers[i].id;
        b.address = std::string(md->brokers[i].host) + ":" + std::to_string(md->brokers[i].port);
        f.brokers.push_back(b);
    }
    owned.reset();

    // One DescribeConfigs per broker: its configs (auto.create.topics.enable, min.insync.replicas,
    // message.max.bytes), and a connection to each, so each one's ApiVersions answer is seen.
    for (const auto& b : f.brokers) {
        std::string error;
        auto configs = describeConfigs(rk.get(), RD_KAFKA_RESOURCE_BROKER, std::to_string(b.id), o.timeoutMs, error);
        if (f.configBroker < 0 && error.empty()) {
            f.brokerConfigs = std::move(configs);
            f.configBroker = b.id;
            f.brokerConfigsError.clear();
        } else if (f.configBroker < 0) {
            f.brokerConfigsError = "DescribeConfigs on broker " + std::to_string(b.id) + ": " + error;
        }
    }
    // The embedded (mock) cluster has no DescribeConfigs, DescribeAcls or controller: each request would only wait.
    const bool unsupported = f.configBroker < 0 && f.brokerConfigsError.find("_UNSUPPORTED_FEATURE") != std::string::npos;
    for (TopicFacts* t : {&f.topic, &f.dlq}) {
        if (t->name.empty()) continue;
        readTopicMetadata(rk.get(), *t, o.timeoutMs);
        if (t->exists() && unsupported) {
            t->configsError = "DescribeConfigs on topic " + t->name + ": not asked, the brokers do not support it";
        } else if (t->exists()) {
            std::string error;
            t->configs = describeConfigs(rk.get(), RD_KAFKA_RESOURCE_TOPIC, t->name, o.timeoutMs, error);
            if (!error.empty()) t->configsError = "DescribeConfigs on topic " + t->name + ": " + error;
        }
    }
    if (!f.principal.empty() && !unsupported) describeAcls(rk.get(), f.principal, o.timeoutMs, f);
    {
        std::lock_guard lock(listener.mutex);
        for (auto& b : f.brokers) {
            const auto it = listener.versions.find(b.address);
            if (it == listener.versions.end()) continue;
            b.produceMin = it->second.produceMin;
            b.produceMax = it->second.produceMax;
            b.apiCount = it->second.apiCount;
        }
    }
    rk.reset();

    for (TopicFacts* t : {&f.topic, &f.dlq})
        if (!t->name.empty()) probeWrite(o, *t);
    if (o.idempotent) f.idempotentWrite = probeIdempotence(o);
    // Without the opt-in the rules decide from the brokers' configs (no authorizer, a super user) or say unknown.
    if (!o.transactionalId.empty() && o.probeTransactionalId) f.transactionalId = probeTransactionalId(o);
    return f;
}

}  // namespace acklab
