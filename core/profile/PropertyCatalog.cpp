#include "profile/PropertyCatalog.h"

#include <algorithm>
#include <cctype>

namespace acklab {

namespace {

using T = PropertyType;

// Defaults, ranges and enum values are librdkafka 2.0.2's own (rd_kafka_conf_dump of a fresh configuration and
// rd_kafka_conf_properties_show), so the form shows what librdkafka will really do when a key is left unset.
// Keys are the names Kafka's documentation uses; librdkafka's other spellings are aliases.
std::vector<PropertyInfo> makeCatalog() {
    const std::string durability = "Durability";
    const std::string retries = "Retries & timeouts";
    const std::string batching = "Batching & compression";
    const std::string connection = "Connection & security";
    const std::string advanced = "Advanced";
    const int64_t intMax = 2147483647;

    return {
        // Durability
        {"acks", T::Enum, "-1", {"all", "-1", "0", "1"}, {}, {}, durability,
         "Acknowledgements the leader must receive before a request is complete: 0 = none (fire and forget), "
         "1 = leader only, all (-1) = all in-sync replicas.",
         {"request.required.acks"}, false},
        {"enable.idempotence", T::Boolean, "false", {}, {}, {}, durability,
         "Produce each message exactly once and in order despite retries (requires acks=all, "
         "max.in.flight.requests.per.connection <= 5, retries > 0).",
         {}, false},
        {"max.in.flight.requests.per.connection", T::Integer, "1000000", {}, 1, 1000000, durability,
         "Maximum number of unacknowledged requests per broker connection; more than 1 may reorder retried "
         "batches unless idempotence is on (which needs <= 5).",
         {"max.in.flight"}, false},
        {"transactional.id", T::String, "", {}, {}, {}, durability,
         "Enables the transactional producer; implies enable.idempotence=true.", {}, false},

        // Retries & timeouts
        {"retries", T::Integer, "2147483647", {}, 0, intMax, retries,
         "How many times to retry sending a failing batch; delivery.timeout.ms bounds the total time.",
         {"message.send.max.retries"}, false},
        {"retry.backoff.ms", T::Integer, "100", {}, 1, 300000, retries,
         "Time to wait before retrying a failed produce request.", {}, false},
        {"delivery.timeout.ms", T::Integer, "300000", {}, 0, intMax, retries,
         "Upper bound on the time to report success or failure after produce() returns, retries included "
         "(0 = infinite).",
         {"message.timeout.ms"}, false},
        {"request.timeout.ms", T::Integer, "30000", {}, 1, 900000, retries,
         "How long the producer waits for the broker's acknowledgement of one produce request (per attempt).",
         {}, false},
        {"socket.timeout.ms", T::Integer, "60000", {}, 10, 300000, retries,
         "Default timeout for network requests to brokers.", {}, false},
        {"reconnect.backoff.ms", T::Integer, "100", {}, 0, 3600000, retries,
         "Initial time to wait before reconnecting to a broker after the connection was closed.", {}, false},
        {"reconnect.backoff.max.ms", T::Integer, "10000", {}, 0, 3600000, retries,
         "Maximum time to wait before reconnecting to a broker (the backoff grows exponentially up to this).",
         {}, false},

        // Batching & compression
        {"linger.ms", T::Integer, "5", {}, 0, 900000, batching,
         "Time to wait for more messages before sending a batch; higher means bigger batches, more latency.",
         {"queue.buffering.max.ms"}, false},
        {"batch.size", T::Integer, "1000000", {}, 1, intMax, batching,
         "Maximum size in bytes of one batch (message set) per partition.", {}, false},
        {"batch.num.messages", T::Integer, "10000", {}, 1, 1000000, batching,
         "Maximum number of messages in one batch (message set).", {}, false},
        {"compression.type", T::Enum, "none", {"none", "gzip", "snappy", "lz4", "zstd"}, {}, {}, batching,
         "Compression codec for batches sent to the broker.", {"compression.codec"}, false},
        {"queue.buffering.max.messages", T::Integer, "100000", {}, 0, intMax, batching,
         "Maximum number of messages waiting in the producer queue; produce() fails with QUEUE_FULL beyond it.",
         {}, false},
        {"queue.buffering.max.kbytes", T::Integer, "1048576", {}, 1, intMax, batching,
         "Maximum total size in KiB of messages waiting in the producer queue.", {}, false},
        {"message.max.bytes", T::Integer, "1000000", {}, 1000, 1000000000, batching,
         "Maximum size of a produce request; larger messages fail with MSG_SIZE_TOO_LARGE.", {}, false},
        {"sticky.partitioning.linger.ms", T::Integer, "10", {}, 0, 900000, batching,
         "How long keyless messages stick to one partition before switching (defaults to twice linger.ms).",
         {}, false},
        {"partitioner", T::Enum, "consistent_random",
         {"random", "consistent", "consistent_random", "murmur2", "murmur2_random", "fnv1a", "fnv1a_random"}, {},
         {}, batching,
         "How a message's key picks its partition; murmur2_random matches the Java producer.", {}, false},

        // Connection & security
        {"bootstrap.servers", T::List, "", {}, {}, {}, connection,
         "Initial list of brokers as host:port pairs, comma separated.", {"metadata.broker.list"}, false},
        {"client.id", T::String, "rdkafka", {}, {}, {}, connection,
         "Client identifier sent to the broker in every request (shows in broker logs and quotas).", {}, false},
        {"security.protocol", T::Enum, "plaintext", {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"}, {}, {},
         connection, "Protocol used to communicate with brokers.", {}, false},
        {"sasl.mechanism", T::Enum, "GSSAPI", {"GSSAPI", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"},
         {}, {}, connection, "SASL mechanism used for authentication.", {"sasl.mechanisms"}, false},
        {"sasl.username", T::String, "", {}, {}, {}, connection,
         "SASL username for the PLAIN and SCRAM mechanisms.", {}, false},
        {"sasl.password", T::Password, "", {}, {}, {}, connection,
         "SASL password for the PLAIN and SCRAM mechanisms.", {}, true},
        {"ssl.ca.location", T::String, "", {}, {}, {}, connection,
         "File or directory of CA certificate(s) for verifying the broker's certificate.", {}, false},
        {"ssl.certificate.location", T::String, "", {}, {}, {}, connection,
         "Path to the client's public key (PEM) used for authentication.", {}, false},
        {"ssl.key.location", T::String, "", {}, {}, {}, connection,
         "Path to the client's private key (PEM) used for authentication.", {}, false},
        {"ssl.key.password", T::Password, "", {}, {}, {}, connection,
         "Passphrase of the client's private key.", {}, true},
        {"ssl.endpoint.identification.algorithm", T::Enum, "https", {"none", "https"}, {}, {}, connection,
         "Verify the broker's hostname against its certificate (https) or not (none).", {}, false},

        // Advanced
        {"statistics.interval.ms", T::Integer, "0", {}, 0, 86400000, advanced,
         "How often librdkafka emits its statistics JSON (0 = disabled).", {}, false},
        {"topic.metadata.refresh.interval.ms", T::Integer, "300000", {}, -1, 3600000, advanced,
         "How often topic and broker metadata is refreshed proactively (-1 = only on errors).", {}, false},
        {"debug", T::List, "",
         {"generic", "broker", "topic", "metadata", "feature", "queue", "msg", "protocol", "cgrp", "security",
          "fetch", "interceptor", "plugin", "consumer", "admin", "eos", "mock", "assignor", "conf", "all"},
         {}, {}, advanced, "Comma-separated debug contexts to log (producer: broker,topic,msg).", {}, false},
    };
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool icontains(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (iequals(haystack.substr(i, needle.size()), needle)) return true;
    return false;
}

}  // namespace

const std::vector<PropertyInfo>& propertyCatalog() {
    static const std::vector<PropertyInfo> catalog = makeCatalog();
    return catalog;
}

const PropertyInfo* findProperty(std::string_view key) {
    for (const auto& info : propertyCatalog()) {
        if (info.key == key) return &info;
        if (std::find(info.aliases.begin(), info.aliases.end(), key) != info.aliases.end()) return &info;
    }
    return nullptr;
}

const std::vector<std::string>& propertyGroups() {
    static const std::vector<std::string> groups = {"Durability", "Retries & timeouts", "Batching & compression",
                                                    "Connection & security", "Advanced"};
    return groups;
}

bool isSecretKey(std::string_view key) {
    if (const auto* info = findProperty(key); info && info->secret) return true;
    // Uncatalogued keys that carry credentials: librdkafka's own "sensitive" properties and the usual spellings.
    return icontains(key, "password") || icontains(key, "secret") || iequals(key, "ssl.key.pem") ||
           iequals(key, "sasl.oauthbearer.config") || iequals(key, "sasl.jaas.config");
}

std::string maskedValue(std::string_view key, std::string_view value) {
    return isSecretKey(key) ? std::string("********") : std::string(value);
}

}  // namespace acklab
