// Fault specs and traffic documents: a value or their own error type.
#include "cluster/FaultSpec.h"
#include "traffic/TrafficSpec.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)acklab::FaultSpec::parse(text);
    } catch (const acklab::FaultSpecError&) {
    }
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) {
        try {
            const auto t = acklab::TrafficSpec::fromJson(j);
            (void)acklab::TrafficSpec::fromJson(t.toJson());  // what it writes reads back
        } catch (const acklab::TrafficSpecError&) {
        }
    }
    return 0;
}
