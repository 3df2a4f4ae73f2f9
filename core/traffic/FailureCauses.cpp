#include "traffic/FailureCauses.h"

#include "metrics/ErrorClassifier.h"

#include <cctype>
#include <unordered_map>

namespace acklab {
namespace {

// librdkafka's log lines carry rd_kafka_err2str() text; turn it back into Kafka's error name.
std::string errorNameFromText(std::string_view text) {
    static const std::unordered_map<std::string, rd_kafka_resp_err_t> byText = [] {
        std::unordered_map<std::string, rd_kafka_resp_err_t> m;
        for (int code = -200; code < 200; ++code) {
            const auto err = static_cast<rd_kafka_resp_err_t>(code);
            m.emplace(rd_kafka_err2str(err), err);
        }
        return m;
    }();
    auto it = byText.find(std::string(text));
    return it == byText.end() ? std::string(text) : ErrorClassifier::name(it->second);
}

}  // namespace

void FailureCauses::noteLogLine(int level, std::string_view facility, std::string_view line) {
    if (facility == "REQERR") {
        // "... ProduceRequest failed: Broker: Not enough in-sync replicas: explicit actions Retry,MsgNotPersisted"
        const auto at = line.find("ProduceRequest failed: ");
        if (at == std::string_view::npos) return;
        auto text = line.substr(at + 23);
        if (auto end = text.find(": explicit actions"); end != std::string_view::npos) text = text.substr(0, end);
        if (auto end = text.find(": actions"); end != std::string_view::npos) text = text.substr(0, end);
        const std::string name = errorNameFromText(text);
        std::lock_guard lock(mutex_);
        ++retried_[name];
        auto& recent = recent_[name];
        ++recent.first;
        recent.second = Clock::now();
    } else if (level <= 3) {
        std::lock_guard lock(mutex_);
        lastClientError_ = std::string(line);
        lastClientErrorAt_ = Clock::now();
    }
}

void FailureCauses::noteClientError(rd_kafka_resp_err_t code) {
    std::lock_guard lock(mutex_);
    lastClientError_ = ErrorClassifier::name(code);
    lastClientErrorAt_ = Clock::now();
}

FailureCauses::Cause FailureCauses::timeoutCause(std::chrono::milliseconds window) const {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    Cause cause;
    uint64_t answeredCount = 0;
    uint64_t localCount = 0;
    for (const auto& [name, seen] : recent_) {
        if (now - seen.second > window) continue;
        const bool local = !name.empty() && name[0] == '_';
        uint64_t& best = local ? localCount : answeredCount;
        if (seen.first > best) {
            best = seen.first;
            (local ? cause.local : cause.answered) = name;
        }
    }
    cause.localLeads = localCount > answeredCount;
    if (cause.answered.empty() && cause.local.empty() && !lastClientError_.empty() &&
        now - lastClientErrorAt_ <= window)
        cause.other = lastClientError_;
    return cause;
}

std::map<std::string, uint64_t> FailureCauses::retriedRequests() const {
    std::lock_guard lock(mutex_);
    return retried_;
}

std::string FailureCauses::describe(const Cause& cause) {
    auto sentence = [](std::string first, const std::string& second) {
        first[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(first[0])));
        return " " + first + (second.empty() ? " until the timeout." : ", and " + second + ", until the timeout.");
    };
    const std::string answered = cause.answered.empty() ? "" : "brokers kept answering " + cause.answered;
    const std::string local =
        cause.local.empty() ? "" : "requests kept failing locally with " + cause.local + " (no answer from the broker)";
    if (!answered.empty() && !local.empty())
        return cause.localLeads ? sentence(local, answered) : sentence(answered, local);
    if (!answered.empty()) return sentence(answered, "");
    if (!local.empty()) return sentence(local, "");
    if (cause.other.empty()) return " No broker error was seen before the timeout.";
    if (cause.other.rfind("topic ", 0) == 0) return " The " + cause.other + ".";
    if (cause.other.find(' ') != std::string::npos)  // a librdkafka log line, not an error name
        return " librdkafka last reported: " + cause.other + ".";
    if (cause.other[0] == '_')  // a local client error: the broker never answered
        return sentence("requests kept failing locally with " + cause.other + " (no answer from the broker)", "");
    return sentence("brokers kept answering " + cause.other, "");
}

}  // namespace acklab
