#include "traffic/TrafficSpec.h"

#include <nlohmann/json.hpp>

#include <cctype>
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

void TrafficSpec::validate() const {
    auto fail = [](const std::string& m) { throw TrafficSpecError(m); };
    if (topic.empty() || topic.size() > 249) fail("topic: must be 1 to 249 characters");
    for (char c : topic)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            fail("topic: '" + topic + "' may only contain letters, digits, '.', '_' and '-'");
    if (partitions < 1 || partitions > 1000) fail("partitions: must be 1 to 1000");
    if (durationMs < 0) fail("duration: must not be negative");
    if (durationMs == 0 && (messages < 1 || messages > 10'000'000'000LL)) fail("messages: must be 1 to 10,000,000,000");
    if (!(rate >= 0) || rate > 100'000'000) fail("rate: must be 0 (unthrottled) to 100,000,000 messages/s");
    if (valueTemplate.empty() && (valueSize < 0 || valueSize > 100 * 1024 * 1024))
        fail("size: must be 0 to 104857600 bytes");
    if (keys == KeyMode::Random && (keySpace < 1 || keySpace > 1'000'000'000)) fail("key_space: must be 1 to 1e9");
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
    if (!j.is_object()) throw TrafficSpecError(where + ": expected an object");
    static const std::set<std::string> known = {"topic", "partitions", "messages", "duration_ms", "duration",
                                                "rate", "size", "value_template", "keys", "key_space"};
    for (const auto& [k, v] : j.items())
        if (!known.count(k)) throw TrafficSpecError(where + "." + k + ": unknown field");
    TrafficSpec t;
    auto num = [&](const char* k, auto& out) {
        if (auto it = j.find(k); it != j.end()) {
            if (!it->is_number()) throw TrafficSpecError(where + "." + k + ": expected a number");
            out = it->get<std::decay_t<decltype(out)>>();
        }
    };
    auto str = [&](const char* k, std::string& out) {
        if (auto it = j.find(k); it != j.end()) {
            if (!it->is_string()) throw TrafficSpecError(where + "." + k + ": expected a string");
            out = it->get<std::string>();
        }
    };
    str("topic", t.topic);
    num("partitions", t.partitions);
    num("messages", t.messages);
    num("duration_ms", t.durationMs);
    if (auto it = j.find("duration"); it != j.end()) {
        if (!it->is_number()) throw TrafficSpecError(where + ".duration: expected seconds as a number");
        t.durationMs = static_cast<int64_t>(it->get<double>() * 1000);
    }
    num("rate", t.rate);
    num("size", t.valueSize);
    str("value_template", t.valueTemplate);
    if (t.valueTemplate == "task.created") t.valueTemplate = taskCreatedTemplate();
    std::string keys = "none";
    str("keys", keys);
    if (keys == "none") t.keys = KeyMode::None;
    else if (keys == "sequential") t.keys = KeyMode::Sequential;
    else if (keys == "random") t.keys = KeyMode::Random;
    else throw TrafficSpecError(where + ".keys: '" + keys + "' (expected none, sequential or random)");
    num("key_space", t.keySpace);
    try {
        t.validate();
    } catch (const TrafficSpecError& e) {
        throw TrafficSpecError(where + "." + e.what());
    }
    return t;
}

}  // namespace acklab
