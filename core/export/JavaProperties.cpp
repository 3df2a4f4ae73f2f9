#include "export/JavaProperties.h"

#include <algorithm>
#include <cctype>

namespace acklab {
namespace {

using K = JavaSetting::Kind;

struct Rule {
    const char* librdkafka;
    K kind;
    const char* java;  // Renamed: the Java key; LibrdkafkaOnly/Manual: "" (note says what to do)
    const char* note;
};

// Only what differs; any other key is passed under its own name (most producer keys are shared).
constexpr Rule kRules[] = {
    {"request.timeout.ms", K::Same, "",
     "Java: how long the client waits for any response (librdkafka: the broker's ack timeout); Java also requires "
     "delivery.timeout.ms >= linger.ms + request.timeout.ms."},
    {"batch.size", K::Same, "", "Java: bytes per partition batch (librdkafka: bytes per message set, default 1000000)."},
    {"queue.buffering.max.kbytes", K::Renamed, "buffer.memory",
     "Java counts bytes (KiB x 1024); send() blocks up to max.block.ms when it is full instead of QUEUE_FULL."},
    {"message.max.bytes", K::Renamed, "max.request.size", "Java checks one record against it (RecordTooLargeException)."},
    {"topic.metadata.refresh.interval.ms", K::Renamed, "metadata.max.age.ms", ""},
    {"socket.timeout.ms", K::LibrdkafkaOnly, "", "librdkafka-only: Java bounds each request with request.timeout.ms."},
    {"batch.num.messages", K::LibrdkafkaOnly, "", "librdkafka-only: Java limits batches by bytes (batch.size) only."},
    {"queue.buffering.max.messages", K::LibrdkafkaOnly, "", "librdkafka-only: Java limits its buffer by bytes (buffer.memory)."},
    {"sticky.partitioning.linger.ms", K::LibrdkafkaOnly, "",
     "librdkafka-only: Java's default partitioner sticks keyless records to a partition per batch by itself."},
    {"partitioner", K::LibrdkafkaOnly, "",
     "librdkafka-only name: Java hashes keys with murmur2 (= librdkafka's murmur2_random); others need partitioner.class."},
    {"statistics.interval.ms", K::LibrdkafkaOnly, "", "librdkafka-only: Java exposes metrics through JMX / producer.metrics()."},
    {"debug", K::LibrdkafkaOnly, "", "librdkafka-only: Java logs through SLF4J (set the org.apache.kafka logger level)."},
    {"enable.gapless.guarantee", K::LibrdkafkaOnly, "", "librdkafka-only (experimental); Java has no equivalent."},
    {"ssl.ca.location", K::Renamed, "ssl.truststore.location", "Java reads a PEM CA file with ssl.truststore.type=PEM."},
    {"ssl.certificate.location", K::Manual, "",
     "No one-to-one Java key: put certificate and key into one PEM file for ssl.keystore.location with "
     "ssl.keystore.type=PEM (or a JKS/PKCS12 keystore)."},
    {"ssl.key.location", K::Manual, "", "See ssl.certificate.location: Java reads the key from the keystore."},
};

const Rule* ruleFor(const std::string& key) {
    for (const Rule& r : kRules)
        if (key == r.librdkafka) return &r;
    return nullptr;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string javaString(const std::string& s) { return quoted(s); }

const ExportSetting* find(const std::vector<ExportSetting>& settings, const std::string& key) {
    for (const auto& s : settings)
        if (s.key == key) return &s;
    return nullptr;
}

}  // namespace

std::vector<JavaSetting> toJavaSettings(const std::vector<ExportSetting>& settings, bool dlq) {
    std::vector<JavaSetting> out;
    bool jaasDone = false;
    const ExportSetting* user = find(settings, "sasl.username");
    const ExportSetting* password = find(settings, "sasl.password");
    for (const auto& s : settings) {
        if (s.key == "sasl.username" || s.key == "sasl.password") continue;  // folded into sasl.jaas.config
        JavaSetting j;
        j.key = s.key;
        j.value = s.value;
        j.why = s.why;
        if (s.secret) j.javaExpr = "env(" + javaString(s.envVar) + ")";
        if (const Rule* r = ruleFor(s.key)) {
            j.kind = r->kind;
            j.note = r->note;
            if (r->kind == K::Renamed) j.key = r->java;
        }
        if (s.key == "queue.buffering.max.kbytes" && s.integer) j.value = std::to_string(std::stoll(s.value) * 1024);
        if (s.key == "security.protocol") j.value = upper(s.value);
        if (s.key == "ssl.endpoint.identification.algorithm" && s.value == "none") {
            j.value = "";
            j.note = "Java turns hostname verification off with an empty value (librdkafka: none).";
        }
        if (s.key == "ssl.ca.location") {
            out.push_back(j);
            j = JavaSetting{K::Same, "ssl.truststore.type", "PEM", "", "The CA file is PEM, as librdkafka reads it.", ""};
        }
        out.push_back(j);
        if (s.key == "sasl.mechanism" && (user || password)) {
            const std::string mech = upper(s.value);
            const std::string module = mech.rfind("SCRAM-", 0) == 0
                                           ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                                           : "org.apache.kafka.common.security.plain.PlainLoginModule";
            JavaSetting jaas;
            jaas.key = "sasl.jaas.config";
            jaas.javaExpr = "jaas(" + javaString(module) + ", " + javaString(user ? user->value : "") + ", " +
                            (password ? "env(" + javaString(password->envVar) + ")" : std::string("\"\"")) + ")";
            jaas.why = "sasl.username / sasl.password: Java takes them as a JAAS login module line.";
            jaas.note = "The password is read from the environment (" + (password ? password->envVar : std::string("none")) +
                        "), never written here.";
            out.push_back(jaas);
            jaasDone = true;
        }
    }
    if (!jaasDone && (user || password)) {
        JavaSetting jaas;
        jaas.key = "sasl.jaas.config";
        jaas.javaExpr = "jaas(\"org.apache.kafka.common.security.plain.PlainLoginModule\", " +
                        javaString(user ? user->value : "") + ", " +
                        (password ? "env(" + javaString(password->envVar) + ")" : std::string("\"\"")) + ")";
        jaas.why = "sasl.username / sasl.password: Java takes them as a JAAS login module line.";
        jaas.note = "The profile sets no sasl.mechanism (librdkafka's default is GSSAPI): PLAIN is assumed here, check it.";
        out.push_back(jaas);
    }
    // librdkafka's defaults where Java's differ and matter for delivery: carried over so the program behaves
    // like the profile measured in AckLab.
    if (!find(settings, "enable.idempotence") && !find(settings, "transactional.id"))
        out.push_back({K::Same, "enable.idempotence", "false", "",
                       "librdkafka's default (the profile does not set it); Java's default is true.", ""});
    if (!find(settings, "delivery.timeout.ms"))
        out.push_back({K::Same, "delivery.timeout.ms", "300000", "",
                       "librdkafka's default (the profile does not set it); Java's default is 120000.", ""});
    if (dlq && !find(settings, "request.timeout.ms"))
        out.push_back({K::Same, "request.timeout.ms", "5000", "",
                       "Java requires delivery.timeout.ms >= linger.ms + request.timeout.ms.", ""});
    return out;
}

}  // namespace acklab
