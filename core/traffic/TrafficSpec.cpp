#include "traffic/TrafficSpec.h"

#include "common/JsonNumber.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <set>

namespace acklab {

std::string TrafficSpec::taskCreatedTemplate() {
    return R"({"event_type":"task.created","task_id":"task-{{seq}}","title":"Review quarterly report",)"
           R"("created_at":"{{time}}","event_id":"{{uuid}}","run_id":"{{run_id}}"})";
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
    return j;
}

TrafficSpec TrafficSpec::fromJson(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw TrafficSpecError(where + ": expected an object, found " + jsonValueText(j));
    std::vector<std::string> errs;
    static const std::set<std::string> known = {"topic", "partitions", "messages", "duration_ms", "duration",
                                                "rate", "size", "value_template", "keys", "key_space"};
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
    for (const auto& p : t.problems()) {
        const std::string field = p.substr(0, p.find(':'));
        const bool reported = bad.count(field) || (field == "duration" && bad.count("duration_ms"));
        if (!reported) errs.push_back(where + "." + p);
    }
    if (!errs.empty()) throw TrafficSpecError(std::move(errs));
    return t;
}

}  // namespace acklab
