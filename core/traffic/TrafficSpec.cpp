#include "traffic/TrafficSpec.h"

#include "common/JsonNumber.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace acklab {
namespace {

// traffic.transaction: {messages | duration_ms | duration, topics, abort_every | abort_share, rebuild_on_fatal}.
// Problems go to errs; any marks "transaction" in bad so problems() does not repeat them.
void readTransaction(const nlohmann::json& j, const std::string& where, TrafficSpec& t, std::vector<std::string>& errs,
                     std::set<std::string>& bad) {
    const size_t before = errs.size();
    auto& x = t.transaction;
    if (!j.is_object()) {
        errs.push_back(where + ": expected an object, found " + jsonValueText(j));
    } else {
        static const std::set<std::string> known = {"messages", "duration_ms", "duration", "topics",
                                                    "abort_every", "abort_share", "rebuild_on_fatal"};
        for (const auto& [k, v] : j.items())
            if (!known.count(k)) errs.push_back(where + "." + k + ": unknown field");
        auto integer = [&](const char* k, int64_t& out, int64_t lo, int64_t hi) {
            if (auto it = j.find(k); it != j.end()) {
                std::string why;
                if (auto v = jsonInteger(*it, lo, hi, why)) out = *v;
                else errs.push_back(where + "." + k + ": " + why);
            }
        };
        integer("messages", x.messages, 1, 1'000'000);
        integer("duration_ms", x.durationMs, 1, 3'600'000);
        if (auto it = j.find("duration"); it != j.end()) {
            std::string why;
            if (auto secs = jsonNumber(*it, 0.001, 3600, why)) x.durationMs = std::llround(*secs * 1000);
            else errs.push_back(where + ".duration: " + why + " (seconds)");
        }
        integer("abort_every", x.abortEvery, 2, 1'000'000);
        if (auto it = j.find("abort_share"); it != j.end()) {
            std::string why;
            if (auto v = jsonNumber(*it, 0, 1, why)) x.abortShare = *v;
            else errs.push_back(where + ".abort_share: " + why);
        }
        if (auto it = j.find("rebuild_on_fatal"); it != j.end()) {
            if (it->is_boolean()) x.rebuildOnFatal = it->get<bool>();
            else errs.push_back(where + ".rebuild_on_fatal: expected true or false, found " + jsonValueText(*it));
        }
        if (auto it = j.find("topics"); it != j.end()) {
            if (!it->is_array()) {
                errs.push_back(where + ".topics: expected an array of topic names, found " + jsonValueText(*it));
            } else {
                for (const auto& v : *it) {
                    if (v.is_string()) x.topics.push_back(v.get<std::string>());
                    else errs.push_back(where + ".topics: expected topic names, found " + jsonValueText(v));
                }
            }
        }
        // The transaction's topics name the run's topic first; a traffic object may give only the list.
        if (!x.topics.empty() && t.topic == TrafficSpec{}.topic) t.topic = x.topics.front();
    }
    if (errs.size() > before) bad.insert("transaction");
}

}  // namespace

std::string TrafficSpec::taskCreatedTemplate() {
    return R"({"event_type":"task.created","task_id":"task-{{seq}}","title":"Review quarterly report",)"
           R"("created_at":"{{time}}","event_id":"{{uuid}}","run_id":"{{run_id}}"})";
}

bool TransactionSpec::abortsTransaction(int64_t index) const {
    if (abortEvery > 0) return (index + 1) % abortEvery == 0;
    if (abortShare <= 0) return false;
    // Evenly spread: transaction i aborts when the running count of aborts due grows at it.
    return std::floor(static_cast<double>(index + 1) * abortShare) > std::floor(static_cast<double>(index) * abortShare);
}

std::vector<std::string> TrafficSpec::allTopics() const {
    return transaction.topics.empty() ? std::vector<std::string>{topic} : transaction.topics;
}

std::string TrafficSpec::keyModeName(KeyMode m) {
    switch (m) {
        case KeyMode::None: return "none";
        case KeyMode::Sequential: return "sequential";
        case KeyMode::Random: return "random";
    }
    return "none";
}

std::vector<std::string> TrafficSpec::problems() const {
    std::vector<std::string> out;
    auto fail = [&](const std::string& m) { out.push_back(m); };
    if (topic.empty() || topic.size() > 249) fail("topic: must be 1 to 249 characters");
    else
        for (char c : topic)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) {
                fail("topic: '" + topic + "' may only contain letters, digits, '.', '_' and '-'");
                break;
            }
    if (partitions < 1 || partitions > 1000) fail("partitions: must be 1 to 1000");
    if (durationMs < 0) fail("duration: must not be negative");
    if (durationMs == 0 && (messages < 1 || messages > 10'000'000'000LL)) fail("messages: must be 1 to 10,000,000,000");
    if (!(rate >= 0) || rate > 100'000'000) fail("rate: must be 0 (unthrottled) to 100,000,000 messages/s");
    if (valueTemplate.empty() && (valueSize < 0 || valueSize > int64_t{100} * 1024 * 1024))
        fail("size: must be 0 to 104857600 bytes");
    if (keys == KeyMode::Random && (keySpace < 1 || keySpace > 1'000'000'000)) fail("key_space: must be 1 to 1e9");
    const auto& x = transaction;
    if (x.messages < 0 || x.messages > 1'000'000) fail("transaction.messages: must be 1 to 1,000,000 events per transaction");
    if (x.durationMs < 0 || x.durationMs > 3'600'000) fail("transaction.duration_ms: must be 1 ms to 1 hour");
    if (x.messages > 0 && x.durationMs > 0)
        fail("transaction.messages: give either messages per transaction or a transaction duration, not both");
    if (x.abortEvery < 0 || x.abortEvery == 1 || x.abortEvery > 1'000'000)
        fail("transaction.abort_every: must be 2 to 1,000,000 (every Nth transaction aborted; 0 = none)");
    if (!(x.abortShare >= 0) || x.abortShare > 1) fail("transaction.abort_share: must be 0 to 1");
    if (x.abortEvery > 0 && x.abortShare > 0) fail("transaction.abort_share: give abort_every or abort_share, not both");
    const bool txnOptions = !x.topics.empty() || x.abortEvery > 0 || x.abortShare > 0 || x.rebuildOnFatal;
    if (txnOptions && !x.enabled())
        fail("transaction: topics, aborts and rebuild need messages per transaction or a transaction duration");
    if (!x.topics.empty()) {
        if (x.topics.size() > 16) fail("transaction.topics: at most 16 topics");
        std::set<std::string> seen;
        for (const auto& t : x.topics) {
            if (t.empty() || t.size() > 249 ||
                !std::all_of(t.begin(), t.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                }))
                fail("transaction.topics: '" + t + "' is not a topic name (1 to 249 letters, digits, '.', '_', '-')");
            if (!seen.insert(t).second) fail("transaction.topics: '" + t + "' given twice");
        }
        if (x.topics.front() != topic)
            fail("transaction.topics: the first topic must be the run's topic ('" + topic + "'), found '" +
                 x.topics.front() + "'");
    }
    return out;
}

void TrafficSpec::validate() const {
    if (auto p = problems(); !p.empty()) throw TrafficSpecError(std::move(p));
}

nlohmann::json TrafficSpec::toJson() const {
    nlohmann::json j;
    j["topic"] = topic;
    j["partitions"] = partitions;
    if (durationMs > 0) j["duration_ms"] = durationMs;
    else j["messages"] = messages;
    j["rate"] = rate;
    if (valueTemplate.empty()) j["size"] = valueSize;
    else j["value_template"] = valueTemplate;
    j["keys"] = keyModeName(keys);
    if (keys == KeyMode::Random) j["key_space"] = keySpace;
    if (transaction.enabled()) {
        auto& x = j["transaction"];
        if (transaction.messages > 0) x["messages"] = transaction.messages;
        else x["duration_ms"] = transaction.durationMs;
        x["topics"] = allTopics();
        if (transaction.abortEvery > 0) x["abort_every"] = transaction.abortEvery;
        if (transaction.abortShare > 0) x["abort_share"] = transaction.abortShare;
        x["rebuild_on_fatal"] = transaction.rebuildOnFatal;
    }
    return j;
}

TrafficSpec TrafficSpec::fromJson(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw TrafficSpecError(where + ": expected an object, found " + jsonValueText(j));
    std::vector<std::string> errs;
    static const std::set<std::string> known = {"topic", "partitions", "messages", "duration_ms", "duration",
                                                "rate", "size", "value_template", "keys", "key_space", "transaction"};
    for (const auto& [k, v] : j.items())
        if (!known.count(k)) errs.push_back(where + "." + k + ": unknown field");
    TrafficSpec t;
    std::set<std::string> bad;  // fields already reported: validate() would only repeat them
    auto integer = [&](const char* k, auto& out, int64_t lo, int64_t hi) {
        if (auto it = j.find(k); it != j.end()) {
            std::string why;
            if (auto v = jsonInteger(*it, lo, hi, why)) out = static_cast<std::decay_t<decltype(out)>>(*v);
            else {
                errs.push_back(where + "." + k + ": " + why);
                bad.insert(k);
            }
        }
    };
    auto str = [&](const char* k, std::string& out) {
        if (auto it = j.find(k); it != j.end()) {
            if (!it->is_string()) {
                errs.push_back(where + "." + k + ": expected a string, found " + jsonValueText(*it));
                bad.insert(k);
            } else {
                out = it->get<std::string>();
            }
        }
    };
    str("topic", t.topic);
    integer("partitions", t.partitions, 1, 1000);
    integer("messages", t.messages, 1, 10'000'000'000LL);
    integer("duration_ms", t.durationMs, 0, 365LL * 24 * 3600 * 1000);
    if (auto it = j.find("duration"); it != j.end()) {
        std::string why;
        if (auto secs = jsonNumber(*it, 0, 365.0 * 24 * 3600, why)) t.durationMs = std::llround(*secs * 1000);
        else {
            errs.push_back(where + ".duration: " + why + " (seconds)");
            bad.insert("duration");
        }
    }
    if (auto it = j.find("rate"); it != j.end()) {
        std::string why;
        if (auto r = jsonNumber(*it, 0, 100'000'000, why)) t.rate = *r;
        else {
            errs.push_back(where + ".rate: " + why + " (messages/s; 0 = unthrottled)");
            bad.insert("rate");
        }
    }
    integer("size", t.valueSize, 0, 100LL * 1024 * 1024);
    str("value_template", t.valueTemplate);
    if (t.valueTemplate == "task.created") t.valueTemplate = taskCreatedTemplate();
    std::string keys = "none";
    str("keys", keys);
    if (keys == "none") t.keys = KeyMode::None;
    else if (keys == "sequential") t.keys = KeyMode::Sequential;
    else if (keys == "random") t.keys = KeyMode::Random;
    else errs.push_back(where + ".keys: '" + keys + "' (expected none, sequential or random)");
    integer("key_space", t.keySpace, 1, 1'000'000'000);
    if (auto it = j.find("transaction"); it != j.end()) readTransaction(*it, where + ".transaction", t, errs, bad);
    for (const auto& p : t.problems()) {
        const std::string field = p.substr(0, p.find(':'));
        const bool reported = bad.count(field) || (field == "duration" && bad.count("duration_ms")) ||
                              (field.rfind("transaction", 0) == 0 && bad.count("transaction"));
        if (!reported) errs.push_back(where + "." + p);
    }
    if (!errs.empty()) throw TrafficSpecError(std::move(errs));
    return t;
}

}  // namespace acklab
