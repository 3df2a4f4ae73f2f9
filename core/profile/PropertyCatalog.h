#pragma once
// The producer property catalog: data, not code (docs/architecture.md, rule 5). The form, the CLI's -X checks and the
// exporters all read it. Keys not in the catalog still pass through to librdkafka unchanged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acklab {

enum class PropertyType { String, Integer, Boolean, Enum, List, Password };

struct PropertyInfo {
    std::string key;                    // librdkafka's name, e.g. "max.in.flight.requests.per.connection"
    PropertyType type = PropertyType::String;
    std::string defaultValue;           // librdkafka 2.0.2's default, as text ("" when none)
    std::vector<std::string> allowed;   // Enum: the accepted values
    std::optional<int64_t> min;         // Integer range
    std::optional<int64_t> max;
    std::string group;                  // "Durability", "Retries & timeouts", "Batching & compression",
                                        // "Connection & security", "Advanced"
    std::string help;                   // one line, in Kafka's words
    std::vector<std::string> aliases;   // e.g. "message.timeout.ms" for delivery.timeout.ms
    bool secret = false;                // masked in every printout
};

// Every catalogued property, in display order.
const std::vector<PropertyInfo>& propertyCatalog();
// Looks up by key or alias; nullptr when the key is not catalogued (it still passes through to librdkafka).
const PropertyInfo* findProperty(std::string_view key);
// The catalogue's group names in display order.
const std::vector<std::string>& propertyGroups();
// True for keys whose values are secrets (sasl.password, ssl.key.password, *.secret ...), catalogued or not.
bool isSecretKey(std::string_view key);
// "********" for secrets, the value otherwise.
std::string maskedValue(std::string_view key, std::string_view value);

}  // namespace acklab
