#pragma once
// Turns a producer profile into a runnable producer program in the user's language (docs/export.md):
// Python (confluent_kafka), Java (kafka-clients) or Go (confluent-kafka-go). The program carries the
// profile's settings with a comment per setting, a delivery callback that classifies failures by error code
// with a table generated from ErrorClassifier (transient / permanent / fatal), AckLab's DLQ envelope for
// permanent failures, logs with context, delivery counters printed at exit, fatal-error and SIGINT handling.
#include "profile/ProducerProfile.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace acklab {

class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ExportLanguage { Python, Java, Go };

struct ExportOptions {
    std::string topic = "acklab-events";
    std::string dlqTopic = "dead-letter-queue";
    std::string bootstrap;       // the program's default --bootstrap; "" = the profile's, else localhost:9092
    // The traffic the program sends when run as is (its --count / --size / --rate defaults).
    int64_t messageCount = 1000;
    int32_t messageSize = 100;   // value bytes
    double rate = 0;             // messages per second; 0 = as fast as the producer takes them
    int32_t maxAttempts = 1;     // produce attempts per message, re-queueing transient failures (1 = none)
};

class CodeExporter {
public:
    // "python" | "py", "java", "go" | "golang"; nullopt otherwise.
    static std::optional<ExportLanguage> parseLanguage(std::string_view text);
    static std::string_view name(ExportLanguage lang);
    // The file name the program expects to be saved as (Java: the class name decides it).
    static std::string defaultFileName(ExportLanguage lang);
    // Throws ExportError naming the bad option (empty topic, DLQ topic equal to the topic, count < 1, ...).
    static std::string generate(const ProducerProfile& profile, ExportLanguage lang, const ExportOptions& options);
};

}  // namespace acklab
