#pragma once
// librdkafka property names -> kafka-clients (Java) ones, for the Java export (docs/export.md, "Java").
#include "export/ExportModel.h"

#include <string>
#include <vector>

namespace acklab {

struct JavaSetting {
    enum class Kind { Same, Renamed, LibrdkafkaOnly, Manual };
    Kind kind = Kind::Same;
    std::string key;        // the Java name (Same/Renamed); the librdkafka name otherwise
    std::string value;      // the Java value (translated where the format differs); "" for secrets
    std::string javaExpr;   // when set, the Java expression for the value (secrets, computed values)
    std::string why;        // the profile's reason
    std::string note;       // what differs in Java / why there is no equivalent ("" when nothing does)
};

// Translates the model's settings; sasl.username/sasl.password/sasl.mechanism become sasl.jaas.config.
// `dlq` marks the DLQ producer's settings (its own request.timeout.ms so Java accepts its delivery timeout).
std::vector<JavaSetting> toJavaSettings(const std::vector<ExportSetting>& settings, bool dlq);

}  // namespace acklab
