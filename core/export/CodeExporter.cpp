#include "export/CodeExporter.h"

#include "export/ExportModel.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace acklab {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Kafka's rule for topic names: 1-249 characters of [a-zA-Z0-9._-].
std::string topicProblem(const std::string& what, const std::string& topic) {
    if (topic.empty()) return what + ": must not be empty";
    if (topic.size() > 249) return what + ": longer than Kafka's 249 characters";
    if (topic == "." || topic == "..") return what + ": '" + topic + "' is not a valid topic name";
    for (unsigned char c : topic)
        if (!std::isalnum(c) && c != '.' && c != '_' && c != '-')
            return what + ": '" + topic + "' has a character Kafka does not allow in topic names (only a-z A-Z 0-9 . _ -)";
    return {};
}

void check(const ExportOptions& o) {
    std::string problems;
    auto add = [&](const std::string& p) {
        if (!p.empty()) problems += (problems.empty() ? "" : "; ") + p;
    };
    add(topicProblem("topic", o.topic));
    add(topicProblem("DLQ topic", o.dlqTopic));
    if (!o.topic.empty() && o.topic == o.dlqTopic) add("DLQ topic: must differ from the topic (" + o.topic + ")");
    if (o.messageCount < 1 || o.messageCount > 1'000'000'000) add("message count: must be 1 to 1000000000");
    if (o.messageSize < 0 || o.messageSize > 100'000'000) add("message size: must be 0 to 100000000 bytes");
    if (!std::isfinite(o.rate) || o.rate < 0 || o.rate > 10'000'000) add("rate: must be 0 (unlimited) to 10000000 messages/s");
    if (o.maxAttempts < 1 || o.maxAttempts > 100) add("attempts: must be 1 to 100");
    for (unsigned char c : o.bootstrap)
        if (std::iscntrl(c)) {
            add("bootstrap: contains a control character");
            break;
        }
    if (!problems.empty()) throw ExportError(problems);
}

}  // namespace

std::optional<ExportLanguage> CodeExporter::parseLanguage(std::string_view text) {
    const std::string t = lower(text);
    if (t == "python" || t == "py") return ExportLanguage::Python;
    if (t == "java") return ExportLanguage::Java;
    if (t == "go" || t == "golang") return ExportLanguage::Go;
    return std::nullopt;
}

std::string_view CodeExporter::name(ExportLanguage lang) {
    switch (lang) {
        case ExportLanguage::Python: return "python";
        case ExportLanguage::Java: return "java";
        case ExportLanguage::Go: return "go";
    }
    return "python";
}

std::string CodeExporter::defaultFileName(ExportLanguage lang) {
    switch (lang) {
        case ExportLanguage::Python: return "acklab_producer.py";
        case ExportLanguage::Java: return "AckLabProducer.java";
        case ExportLanguage::Go: return "main.go";
    }
    return "acklab_producer.py";
}

std::string CodeExporter::generate(const ProducerProfile& profile, ExportLanguage lang, const ExportOptions& options) {
    check(options);
    const ExportModel model = buildExportModel(profile, options);
    switch (lang) {
        case ExportLanguage::Python: return renderPython(model);
        case ExportLanguage::Java: return renderJava(model);
        case ExportLanguage::Go: return renderGo(model);
    }
    return renderPython(model);
}

}  // namespace acklab
