#include "dlq/DlqJson.h"

#include "common/Encoding.h"

namespace acklab {

void putBytes(nlohmann::json& j, const std::string& field, const std::optional<std::string>& bytes) {
    if (!bytes) {
        j[field] = nullptr;
    } else if (isValidUtf8(*bytes)) {
        j[field] = *bytes;
    } else {
        j[field] = base64Encode(*bytes);
        j[field + "_encoding"] = "base64";
    }
}

}  // namespace acklab
