#pragma once
// Who built this AckLab: the project version, `git describe` of the source tree (refreshed on every build by
// cmake/BuildInfo.cmake; "unknown" outside a git checkout) and the librdkafka it runs with. `--version`, the
// About dialog and every report use it (docs/architecture.md, "Build identity").
#include <string>

namespace acklab {

class BuildInfo {
public:
    static std::string version();      // project(AckLab VERSION ...): "0.1.0"
    static std::string gitDescribe();  // "ac15730-dirty", "v0.2.0-3-g1234567"; "unknown" when not from git
    // What reports carry as "acklab_version": "0.1.0+ac15730-dirty", or "0.1.0" when not built from git.
    static std::string fullVersion();
    static std::string librdkafkaRuntime();   // rd_kafka_version_str() of the library loaded
    static std::string librdkafkaCompiled();  // RD_KAFKA_VERSION of the headers built against
    // The lines `--version` prints for `program`: its version, librdkafka, and the data folder found.
    static std::string versionText(const std::string& program);
};

}  // namespace acklab
