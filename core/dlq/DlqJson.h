#pragma once
// Bytes in DLQ JSON: text when valid UTF-8, else base64 with a `<field>_encoding` marker (docs/architecture.md).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace acklab {

void putBytes(nlohmann::json& j, const std::string& field, const std::optional<std::string>& bytes);

}  // namespace acklab
