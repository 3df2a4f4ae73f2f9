// librdkafka statistics JSON: parseStatistics is total (valid, or invalid with a reason).
#include "metrics/StatsParser.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    (void)acklab::parseStatistics(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
