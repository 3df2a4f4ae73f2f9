// Profile files: a ProducerProfile (that exports to every format) or a ProfileError.
#include "profile/ProducerProfile.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto p = acklab::ProducerProfile::fromJsonText(std::string(reinterpret_cast<const char*>(data), size));
        (void)p.toJsonText(true);
        (void)p.toJavaProperties();
        (void)p.toPythonDict();
        (void)acklab::ProducerProfile::fromJsonText(p.toJsonText(false));  // what it saves loads back
    } catch (const acklab::ProfileError&) {
    }
    return 0;
}
