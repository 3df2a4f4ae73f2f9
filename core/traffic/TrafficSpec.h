#pragma once
// What a run sends: how many, how fast, how big, with which keys.
#include "common/ProblemsError.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

// Every problem found, each naming its field; what() is them one per line.
class TrafficSpecError : public ProblemsError {
public:
    using ProblemsError::ProblemsError;
};

struct TrafficSpec {
    enum class KeyMode { None, Sequential, Random };

    std::string topic = "acklab-test";
    int partitions = 3;
    int64_t messages = 10'000;   // used when durationMs == 0
    int64_t durationMs = 0;      // > 0: send for this long instead of a count
    double rate = 0;             // messages per second; 0 = unthrottled
    int64_t valueSize = 100;     // bytes, when valueTemplate is empty
    std::string valueTemplate;   // JSON text with {{seq}}, {{uuid}}, {{time}}, {{run_id}} placeholders
    KeyMode keys = KeyMode::None;
    int64_t keySpace = 1000;     // Random: keys drawn from key-0 .. key-(K-1)

    // The lesson's task.created event.
    static std::string taskCreatedTemplate();
    static std::string keyModeName(KeyMode m);

    // Every problem, each naming its field ("rate: must be 0 (unthrottled) to ..."); empty when valid.
    std::vector<std::string> problems() const;
    // Throws TrafficSpecError with problems() when there are any.
    void validate() const;
    nlohmann::json toJson() const;
    // Unknown fields, wrong types, fractions where a count belongs and out-of-range numbers are errors naming the
    // field, prefixed by `where` ("traffic.partitions: expected a whole number, found 2.7"); all of them at once.
    static TrafficSpec fromJson(const nlohmann::json& j, const std::string& where = "traffic");
};

}  // namespace acklab
