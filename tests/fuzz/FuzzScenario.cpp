// Scenario files: any bytes give a Scenario or a ScenarioError, nothing else.
#include "scenario/Scenario.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        (void)acklab::Scenario::fromJsonText(std::string(reinterpret_cast<const char*>(data), size), "/nonexistent");
    } catch (const acklab::ScenarioError&) {
    }
    return 0;
}
