#pragma once
// What a run sends: how many, how fast, how big, with which keys.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace acklab {

class TrafficSpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
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

    // Throws TrafficSpecError naming the field ("traffic.rate: must not be negative").
    void validate() const;
    nlohmann::json toJson() const;
    // Unknown fields and wrong types are errors naming the field, prefixed by `where` ("traffic").
    static TrafficSpec fromJson(const nlohmann::json& j, const std::string& where = "traffic");
};

}  // namespace acklab
