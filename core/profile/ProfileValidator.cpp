#include "profile/ProfileValidator.h"

#include "common/RdKafka.h"
#include "profile/PropertyCatalog.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace acklab {

namespace {

// rd_kafka_topic_conf_t has no owner in common/RdKafka.h: the validator is its only user.
struct TopicConfDeleter {
    void operator()(rd_kafka_topic_conf_t* conf) const noexcept { rd_kafka_topic_conf_destroy(conf); }
};
using TopicConfPtr = std::unique_ptr<rd_kafka_topic_conf_t, TopicConfDeleter>;

// librdkafka 2.0.2's refusals of an idempotent producer (rd_kafka_conf_finalize / rd_kafka_topic_conf_finalize),
// verified by running rd_kafka_new against the installed library. rd_kafka_new stops at the first one; quoting
// them here lets AckLab report every violated rule at once.
constexpr const char* kIdempotentAcks = "`acks` must be set to `all` when `enable.idempotence` is true";
constexpr const char* kIdempotentInFlight = "`max.in.flight` must be set <= 5 when `enable.idempotence` is true";
constexpr const char* kIdempotentRetries = "`retries` must be set >= 1 when `enable.idempotence` is true";
constexpr const char* kIdempotentQueuing =
    "`queuing.strategy` must be set to `fifo` when `enable.idempotence` is true";
constexpr const char* kIdempotentBackpressure =
    "`queue.buffering.backpressure.threshold` must be set to 1 when `enable.idempotence` is true";
constexpr int64_t kIdempotentMaxInFlight = 5;
// ... and of a transactional one.
constexpr const char* kTransactionalIdempotence = "`transactional.id` requires `enable.idempotence=true`";
constexpr const char* kTransactionalTimeout = "`message.timeout.ms` must be set <= `transaction.timeout.ms`";
constexpr int64_t kDefaultTransactionTimeoutMs = 60'000;

// Validation creates its producer without bootstrap.servers, so it has no broker to connect to; librdkafka's
// notice about that is AckLab's doing, not the profile's.
constexpr const char* kNoBootstrapNotice = "No `bootstrap.servers` configured";

using Severity = ValidationIssue::Severity;

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

std::optional<int64_t> parseInteger(const std::string& s) {
    int64_t v = 0;
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return v;
}

bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// rd_kafka_conf_get (falls through to the default topic configuration) as a std::string.
std::optional<std::string> confGet(const rd_kafka_conf_t* conf, const std::string& key) {
    std::string buffer(512, '\0');
    size_t size = buffer.size();
    if (rd_kafka_conf_get(conf, key.c_str(), buffer.data(), &size) != RD_KAFKA_CONF_OK) return std::nullopt;
    if (size > buffer.size()) {  // too small: size is what it needs
        buffer.assign(size, '\0');
        if (rd_kafka_conf_get(conf, key.c_str(), buffer.data(), &size) != RD_KAFKA_CONF_OK) return std::nullopt;
    }
    buffer.resize(std::char_traits<char>::length(buffer.c_str()));
    return buffer;
}

void appendDump(const char** dump, size_t count, std::map<std::string, std::string>& into, bool overrideInherit) {
    for (size_t i = 0; i + 1 < count; i += 2) {
        const std::string key = dump[i] ? dump[i] : "";
        const std::string value = dump[i + 1] ? dump[i + 1] : "";
        // The topic-level compression.codec "inherit" means "use the global one": keep the global value.
        if (overrideInherit && value == "inherit" && into.count(key)) continue;
        into[key] = value;
    }
}

// Every property name librdkafka knows (aliases included), from its own property table. Used to find which
// key an rd_kafka_new message is about.
const std::set<std::string>& librdkafkaPropertyNames() {
    static const std::set<std::string> names = [] {
        std::set<std::string> result;
        char* buffer = nullptr;
        size_t size = 0;
        FILE* stream = open_memstream(&buffer, &size);
        if (!stream) return result;
        rd_kafka_conf_properties_show(stream);
        std::fclose(stream);
        const std::string text(buffer, size);
        std::free(buffer);
        size_t pos = 0;
        while (pos < text.size()) {
            const size_t eol = std::min(text.find('\n', pos), text.size());
            const std::string line = text.substr(pos, eol - pos);
            pos = eol + 1;
            const size_t bar = line.find(" |");
            if (bar == std::string::npos || line.rfind("Property", 0) == 0 || line.rfind("---", 0) == 0) continue;
            const std::string name = trimmed(line.substr(0, bar));
            if (!name.empty() && name.find(' ') == std::string::npos) result.insert(name);
        }
        return result;
    }();
    return names;
}

bool isPropertyName(const std::string& word) {
    return findProperty(word) != nullptr || librdkafkaPropertyNames().count(word) > 0;
}

std::string catalogKey(const std::string& key) {
    const auto* info = findProperty(key);
    return info ? info->key : key;
}

// The key a librdkafka message names: its `backquoted` property names first, then bare property names; one the
// profile set wins over one it did not.
std::string keyNamedIn(const std::string& message, const ProducerProfile& profile) {
    std::vector<std::string> candidates;
    for (size_t open = message.find('`'); open != std::string::npos; open = message.find('`', open + 1)) {
        const size_t close = message.find('`', open + 1);
        if (close == std::string::npos) break;
        candidates.push_back(message.substr(open + 1, close - open - 1));
        open = close;
    }
    std::string word;
    for (const char c : message + " ") {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') {
            word += c;
            continue;
        }
        while (!word.empty() && word.back() == '.') word.pop_back();
        if (!word.empty()) candidates.push_back(word);
        word.clear();
    }
    std::string first;
    for (const auto& candidate : candidates) {
        if (!isPropertyName(candidate)) continue;
        std::string key = catalogKey(candidate);
        if (profile.get(key)) return key;
        if (first.empty()) first = key;
    }
    return first;
}

// Collects librdkafka's configuration warnings (CONFWARN) logged while the producer is created. The log
// callback may run on librdkafka's threads, hence the mutex.
struct ConfWarnings {
    std::mutex mutex;
    std::vector<std::string> messages;
};

void collectConfWarning(const rd_kafka_t* rk, int level, const char* facility, const char* text) {
    if (!rk || !facility || !text || std::string(facility) != "CONFWARN" || level > 5) return;
    auto* sink = static_cast<ConfWarnings*>(rd_kafka_opaque(rk));
    if (!sink) return;
    std::string message = text;
    if (message.rfind("[thrd:", 0) == 0) {  // "[thrd:app]: " prefix
        const size_t end = message.find("]: ");
        if (end != std::string::npos) message.erase(0, end + 3);
    }
    std::lock_guard lock(sink->mutex);
    sink->messages.push_back(std::move(message));
}

class Validation {
public:
    explicit Validation(const ProducerProfile& profile) : profile_(profile) {}

    ValidationResult run() {
        KafkaConf conf(rd_kafka_conf_new());
        checkEachProperty(conf.get());
        checkCatalogue();
        checkIdempotenceRules();
        checkTransactionRules();
        createProducer(std::move(conf));
        return std::move(result_);
    }

private:
    void add(Severity severity, const std::string& key, std::string message) {
        result_.issues.push_back({severity, key, std::move(message)});
    }
    bool hasIssue(const std::string& key) const {
        return std::any_of(result_.issues.begin(), result_.issues.end(),
                           [&](const ValidationIssue& i) { return i.key == key; });
    }

    // (1) librdkafka's own check of each value, on a fresh configuration: its refusal text verbatim.
    void checkEachProperty(rd_kafka_conf_t* conf) {
        char errstr[512];
        for (const auto& [key, value] : profile_.properties()) {
            rd_kafka_conf_t* target = conf;
            KafkaConf scratch;
            if (key == "bootstrap.servers") {
                // Checked, but kept out of the producer that is created: validation never connects.
                scratch.reset(rd_kafka_conf_new());
                target = scratch.get();
            }
            errstr[0] = '\0';
            if (rd_kafka_conf_set(target, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
                add(Severity::Error, key, trimmed(errstr));
                continue;
            }
            // librdkafka's normalised text ("all" -> "-1", "LZ4" -> "lz4"), to compare with what it runs with.
            accepted_[key] = confGet(target, key).value_or(value);
        }
    }

    // (2) What the catalogue knows and librdkafka does not check when the value is set.
    void checkCatalogue() {
        for (const auto& [key, raw] : profile_.properties()) {
            const auto* info = findProperty(key);
            const auto set = accepted_.find(key);
            if (!info || set == accepted_.end()) continue;
            const std::string& value = set->second;
            if (raw.empty() && !info->defaultValue.empty() && info->type != PropertyType::Integer) {
                add(Severity::Warning, key,
                    "empty value: librdkafka keeps its default \"" + maskedValue(key, info->defaultValue) + "\"");
                continue;
            }
            if (info->type == PropertyType::Enum && !info->allowed.empty()) {
                // librdkafka matches SASL mechanism names case-sensitively; the other enums it normalises.
                // (A plain bool, not the structured binding `key`: clang 14, the fuzz preset's compiler, cannot
                // capture bindings.)
                const bool caseSensitive = key == "sasl.mechanism";
                const bool known = std::any_of(info->allowed.begin(), info->allowed.end(), [&](const auto& a) {
                    return a == value || (!caseSensitive && iequals(a, value));
                });
                if (!known) {
                    std::string allowed;
                    for (const auto& a : info->allowed) allowed += (allowed.empty() ? "" : ", ") + a;
                    std::string why = key == "acks" ? " (librdkafka accepts up to 1000, but a broker refuses "
                                                      "anything but 0, 1 and all with INVALID_REQUIRED_ACKS)"
                                                    : " (librdkafka accepts it here and fails later)";
                    add(Severity::Error, key, "\"" + raw + "\" is not one of " + allowed + why);
                }
            }
            if (info->type == PropertyType::Integer) {
                const auto number = parseInteger(value);
                if (number && ((info->min && *number < *info->min) || (info->max && *number > *info->max)))
                    add(Severity::Error, key,
                        "value " + value + " is outside the allowed range " + std::to_string(info->min.value_or(0)) +
                            ".." + std::to_string(info->max.value_or(0)));
            }
        }
    }

    bool isSet(const std::string& key) const { return accepted_.count(key) > 0; }

    // (3) The lesson's idempotence rules, and what librdkafka 2.0.2 does about each one.
    void checkIdempotenceRules() {
        const bool explicitIdempotence = isSet("enable.idempotence");
        const bool idempotent =
            explicitIdempotence ? accepted_.at("enable.idempotence") == "true"
                                : isSet("transactional.id") && !accepted_.at("transactional.id").empty();
        if (!idempotent) return;
        const std::string because = explicitIdempotence ? "enable.idempotence=true" : "transactional.id (which "
                                                                                      "turns idempotence on)";

        if (isSet("acks")) {
            if (accepted_.at("acks") != "-1")
                add(Severity::Error, "acks",
                    "idempotence needs acks=all so the leader and all in-sync replicas agree on sequence numbers; "
                    "librdkafka refuses to create the producer: " +
                        std::string(kIdempotentAcks));
        } else {
            add(Severity::Info, "acks", "not set: with " + because + " librdkafka uses acks=all (-1)");
        }

        const std::string inFlight = "max.in.flight.requests.per.connection";
        if (isSet(inFlight)) {
            const auto n = parseInteger(accepted_.at(inFlight));
            if (n && *n > kIdempotentMaxInFlight)
                add(Severity::Error, inFlight,
                    "idempotence allows at most 5 in-flight requests per connection (more could reorder "
                    "retried batches); librdkafka refuses to create the producer: " +
                        std::string(kIdempotentInFlight));
        } else {
            add(Severity::Info, inFlight,
                "not set: with " + because + " librdkafka lowers it from its default 1000000 to 5");
        }

        if (isSet("retries")) {
            const auto n = parseInteger(accepted_.at("retries"));
            if (n && *n < 1)
                add(Severity::Error, "retries",
                    "idempotence must retry transient failures (retries > 0); librdkafka refuses to create the "
                    "producer: " +
                        std::string(kIdempotentRetries));
        } else {
            add(Severity::Info, "retries",
                "not set: with " + because + " librdkafka sets retries=2147483647 (retry until "
                "delivery.timeout.ms)");
        }

        if (isSet("queuing.strategy") && !iequals(accepted_.at("queuing.strategy"), "fifo"))
            add(Severity::Error, "queuing.strategy",
                "librdkafka refuses to create the producer: " + std::string(kIdempotentQueuing));
        if (isSet("queue.buffering.backpressure.threshold")) {
            const auto n = parseInteger(accepted_.at("queue.buffering.backpressure.threshold"));
            if (n && *n > 1)
                add(Severity::Error, "queue.buffering.backpressure.threshold",
                    "librdkafka refuses to create the producer: " + std::string(kIdempotentBackpressure));
        }
    }

    // (3b) A transactional producer (transactional.id): idempotence cannot be off, and a message must time out
    // before its transaction does (librdkafka 2.0.2 refuses both at rd_kafka_new; the texts are its own).
    void checkTransactionRules() {
        if (!isSet("transactional.id") || accepted_.at("transactional.id").empty()) return;
        if (isSet("enable.idempotence") && accepted_.at("enable.idempotence") != "true")
            add(Severity::Error, "enable.idempotence",
                "a transactional producer is idempotent (its writes are de-duplicated per partition before they "
                "are committed); librdkafka refuses to create the producer: " +
                    std::string(kTransactionalIdempotence));
        const auto txnTimeout = isSet("transaction.timeout.ms") ? parseInteger(accepted_.at("transaction.timeout.ms"))
                                                                : std::optional<int64_t>(kDefaultTransactionTimeoutMs);
        std::string deliveryKey;
        for (const char* k : {"delivery.timeout.ms", "message.timeout.ms"})
            if (isSet(k)) deliveryKey = k;
        if (!deliveryKey.empty()) {
            const auto delivery = parseInteger(accepted_.at(deliveryKey));
            if (delivery && txnTimeout && *delivery > *txnTimeout)
                add(Severity::Error, deliveryKey,
                    deliveryKey + "=" + std::to_string(*delivery) + " is longer than transaction.timeout.ms=" +
                        std::to_string(*txnTimeout) +
                        ": the coordinator would abort the transaction while its messages are still being retried; "
                        "lower it or raise transaction.timeout.ms. librdkafka refuses to create the producer: " +
                        std::string(kTransactionalTimeout));
        } else if (txnTimeout) {
            add(Severity::Info, "delivery.timeout.ms",
                "not set: with transactional.id librdkafka lowers it to transaction.timeout.ms (" +
                    std::to_string(*txnTimeout) + " ms), so no message outlives its transaction");
        }
    }

    // (4) rd_kafka_new's cross-key checks, then (5) the configuration the created producer really runs with.
    void createProducer(KafkaConf conf) {
        ConfWarnings warnings;  // outlives the producer: declared first, destroyed last
        rd_kafka_conf_set_opaque(conf.get(), &warnings);
        rd_kafka_conf_set_log_cb(conf.get(), &collectConfWarning);

        char errstr[512] = "";
        KafkaHandle producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
        if (!producer) {
            const std::string text = trimmed(errstr);
            const std::string key = keyNamedIn(text, profile_);
            const bool alreadySaid =
                std::any_of(result_.issues.begin(), result_.issues.end(), [&](const ValidationIssue& i) {
                    return i.severity == Severity::Error && i.message.find(text) != std::string::npos;
                });
            if (!alreadySaid) add(Severity::Error, key, text);
            return;  // conf still belongs to us and is destroyed by its owner
        }
        (void)conf.release();  // rd_kafka_new took ownership

        readEffective(producer.get());
        producer.reset();  // destroy right away; it never had a broker to talk to

        std::lock_guard lock(warnings.mutex);
        for (const auto& message : warnings.messages) {
            if (message.find(kNoBootstrapNotice) != std::string::npos) continue;  // our doing, not the profile's
            add(Severity::Warning, keyNamedIn(message, profile_), message);
        }
    }

    void readEffective(rd_kafka_t* producer) {
        // rd_kafka_conf_dump takes a non-const pointer but only reads. (rd_kafka_conf_dup would not do: it copies
        // only the properties the application set, losing librdkafka's adjustments.)
        auto* conf = const_cast<rd_kafka_conf_t*>(rd_kafka_conf(producer));
        std::map<std::string, std::string> dumped;
        size_t count = 0;
        const char** dump = rd_kafka_conf_dump(conf, &count);
        appendDump(dump, count, dumped, false);
        rd_kafka_conf_dump_free(dump, count);

        // Topic-level properties (acks, delivery.timeout.ms ...) live in the default topic configuration; without
        // one, each topic gets librdkafka's defaults.
        TopicConfPtr fresh;
        rd_kafka_topic_conf_t* topicConf = rd_kafka_conf_get_default_topic_conf(conf);
        if (!topicConf) {
            fresh.reset(rd_kafka_topic_conf_new());
            topicConf = fresh.get();
        }
        dump = rd_kafka_topic_conf_dump(topicConf, &count);
        appendDump(dump, count, dumped, true);
        rd_kafka_conf_dump_free(dump, count);

        auto lookup = [&](const std::string& key) -> std::optional<std::string> {
            if (auto it = dumped.find(key); it != dumped.end()) return it->second;
            if (const auto* info = findProperty(key))
                for (const auto& alias : info->aliases)
                    if (auto it = dumped.find(alias); it != dumped.end()) return it->second;
            return confGet(conf, key);
        };

        for (const auto& info : propertyCatalog()) {
            std::string value;
            if (info.key == "bootstrap.servers") value = profile_.get(info.key).value_or("");
            else value = lookup(info.key).value_or("");
            result_.effective.emplace_back(info.key, maskedValue(info.key, value));
            noteAdjustment(info, value);
        }
        for (const auto& [key, value] : profile_.properties()) {
            if (findProperty(key) || !accepted_.count(key)) continue;
            result_.effective.emplace_back(key, maskedValue(key, lookup(key).value_or(value)));
        }
    }

    // Silent adjustments: librdkafka runs with a value other than the one set (or its default).
    void noteAdjustment(const PropertyInfo& info, const std::string& effective) {
        if (info.key == "bootstrap.servers" || hasIssue(info.key)) return;
        const auto set = accepted_.find(info.key);
        const std::string expected = set != accepted_.end() ? set->second : info.defaultValue;
        if (effective == expected) return;
        const std::string shown = maskedValue(info.key, effective);
        if (set != accepted_.end())
            add(Severity::Info, info.key,
                "librdkafka adjusts it: runs with " + shown + " instead of " + maskedValue(info.key, expected));
        else
            add(Severity::Info, info.key,
                "not set: librdkafka runs with " + shown + " instead of its default " +
                    maskedValue(info.key, expected));
    }

    const ProducerProfile& profile_;
    std::map<std::string, std::string> accepted_;  // key -> librdkafka's normalised value
    ValidationResult result_;
};

const char* severityName(Severity severity) {
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "error";
}

}  // namespace

bool ValidationResult::ok() const {
    return std::none_of(issues.begin(), issues.end(),
                        [](const ValidationIssue& i) { return i.severity == ValidationIssue::Severity::Error; });
}

std::string ValidationResult::summary() const {
    std::string out;
    for (const auto& issue : issues) {
        out += severityName(issue.severity);
        out += ": ";
        if (!issue.key.empty()) out += issue.key + ": ";
        out += issue.message + "\n";
    }
    return out;
}

ValidationResult validateProfile(const ProducerProfile& profile) {
    try {
        return Validation(profile).run();
    } catch (const std::exception& e) {  // e.g. bad_alloc: report, never crash the caller
        ValidationResult result;
        result.issues.push_back({ValidationIssue::Severity::Error, "", std::string("validation failed: ") + e.what()});
        return result;
    }
}

}  // namespace acklab
