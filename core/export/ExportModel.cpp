#include "export/ExportModel.h"

#include "common/BuildInfo.h"
#include "metrics/ErrorClassifier.h"
#include "profile/PropertyCatalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace acklab {
namespace {

// Every integer ErrorClassifier could name is asked: the classifier's own rows decide what is exported,
// so a row added there appears in every generated program without touching this file. The range is wider
// than any code librdkafka or Kafka defines (local codes from -200, broker codes below 200 as of Kafka 4.1).
constexpr int32_t kFirstCode = -1000;
constexpr int32_t kLastCode = 1000;

bool isWholeNumber(const std::string& s) {
    size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0;
    if (i == s.size() || s.size() > 18) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string envVarFor(const std::string& key) {
    std::string out;
    for (unsigned char c : key) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
    return out;
}

ExportSetting makeSetting(const std::string& key, const std::string& value, const std::string& why) {
    ExportSetting s;
    s.key = key;
    s.why = oneLine(why);
    s.secret = isSecretKey(key);
    if (s.secret) {
        s.envVar = envVarFor(key);
        return s;
    }
    s.value = value;
    if (const auto* info = findProperty(key)) {
        if (info->type == PropertyType::Integer && isWholeNumber(value)) s.integer = true;
        if (info->type == PropertyType::Boolean) {
            std::string v = value;
            std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (v == "true" || v == "t" || v == "1") s.boolean = true, s.value = "true";
            else if (v == "false" || v == "f" || v == "0") s.boolean = true, s.value = "false";
        }
    }
    return s;
}

// The connection the DLQ producer shares with the main one: where the cluster is and how to log in to it.
bool isConnectionKey(const std::string& key) {
    if (key.rfind("sasl.", 0) == 0 || key.rfind("ssl.", 0) == 0 || key == "security.protocol") return true;
    const auto* info = findProperty(key);
    return info && info->group == "Connection & security" && key != "bootstrap.servers" && key != "client.id";
}

}  // namespace

std::string quoted(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string oneLine(const std::string& text) {
    std::string out;
    for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    for (size_t at = out.find("*/"); at != std::string::npos; at = out.find("*/", at)) out.replace(at, 2, "* /");
    return out;
}

std::string fillTemplate(const std::string& text, const std::vector<std::pair<std::string, std::string>>& values) {
    // One pass over the template: a placeholder is @UPPER_CASE@ (Python decorators and Java annotations are
    // @Name without a closing @); values are copied, never scanned, so a profile note may contain anything.
    std::string out;
    size_t from = 0;
    for (size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
        size_t end = at + 1;
        while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
        if (end == at + 1 || end >= text.size() || text[end] != '@') continue;
        const std::string name = text.substr(at + 1, end - at - 1);
        const auto it = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
        if (it == values.end()) throw std::logic_error("export template: placeholder @" + name + "@ not filled");
        out.append(text, from, at - from);
        out += it->second;
        from = end + 1;
        at = end;
    }
    out.append(text, from, std::string::npos);
    return out;
}

std::string commentBlock(const std::string& text, const std::string& prefix) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out += prefix + line + "\n";
    return out;
}

std::string codeRows(const ExportModel& model, std::string (*row)(const ExportedCode& code, const char* cls)) {
    std::string out;
    for (const auto& c : model.codes)
        out += row(c, c.cls == "transient" ? "TRANSIENT" : c.cls == "fatal" ? "FATAL" : "PERMANENT");
    return out;
}

std::vector<std::pair<std::string, std::string>> commonValues(const ExportModel& m) {
    auto decimal = [](double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        std::string s = buf;
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        return s;
    };
    // The final flush waits as long as a message may still be in delivery, plus a margin.
    const double flushSeconds = static_cast<double>(m.deliveryTimeoutMs > 0 ? m.deliveryTimeoutMs : 300000) / 1000.0 + 5.0;
    return {
        {"PROFILE_NAME", quoted(m.profileName)},
        {"PROFILE_Q", quoted(m.profileName)},
        {"BOOTSTRAP_Q", quoted(m.bootstrap)},
        {"TOPIC_Q", quoted(m.options.topic)},
        {"DLQ_TOPIC_Q", quoted(m.options.dlqTopic)},
        {"TOPIC", m.options.topic},
        {"COUNT", std::to_string(m.options.messageCount)},
        {"SIZE", std::to_string(m.options.messageSize)},
        {"RATE", decimal(m.options.rate)},
        {"MAX_ATTEMPTS", std::to_string(m.options.maxAttempts)},
        {"FLUSH_TIMEOUT", decimal(flushSeconds)},
    };
}

ExportModel buildExportModel(const ProducerProfile& profile, const ExportOptions& options) {
    ExportModel m;
    m.profileName = profile.name().empty() ? "unnamed" : profile.name();
    m.profileNote = profile.note();
    m.generatedBy = "AckLab " + BuildInfo::fullVersion() + " (librdkafka " + BuildInfo::librdkafkaRuntime() + ")";
    m.options = options;
    m.bootstrap = options.bootstrap;
    if (m.bootstrap.empty()) m.bootstrap = profile.get("bootstrap.servers").value_or("localhost:9092");

    for (const auto& [key, value] : profile.properties()) {
        if (key == "bootstrap.servers") continue;  // the program's --bootstrap
        m.settings.push_back(makeSetting(key, value, settingWhy(key, value)));
        if (isConnectionKey(key))
            m.dlqSettings.push_back(makeSetting(key, value, "The DLQ is on the same cluster: same connection."));
        if (key == "delivery.timeout.ms" && isWholeNumber(value)) m.deliveryTimeoutMs = std::stoll(value);
    }
    // The DLQ write must be durable and must not duplicate, and must not hang on a dead cluster (AckLab's own
    // DLQ writer uses the same settings); a failed DLQ write goes to a local JSON-lines file instead.
    m.dlqSettings.push_back(makeSetting("client.id", "acklab-export-dlq", "Tells the DLQ writer apart in broker logs."));
    m.dlqSettings.push_back(makeSetting("acks", "all", "A dead-lettered message must survive a broker crash."));
    m.dlqSettings.push_back(makeSetting("enable.idempotence", "true", "Retried DLQ writes must not duplicate envelopes."));
    m.dlqSettings.push_back(makeSetting("delivery.timeout.ms", "10000",
                                        "Bounded: a DLQ write that cannot finish goes to the fallback file."));
    m.dlqSettings.push_back(makeSetting("linger.ms", "5", "Failures come in bursts: batch their envelopes."));

    for (int32_t code = kFirstCode; code <= kLastCode; ++code) {
        const ErrorInfo info = ErrorClassifier::classify(code);
        if (info.errorClass == ErrorClass::None || info.name.rfind("UNKNOWN_", 0) == 0) continue;
        m.codes.push_back({code, info.name, std::string(toString(info.errorClass))});
    }
    return m;
}

}  // namespace acklab
