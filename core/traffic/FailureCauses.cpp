#include "traffic/FailureCauses.h"

#include "metrics/ErrorClassifier.h"

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

std::string FailureCauses::timeoutCause(std::chrono::milliseconds window) const {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    std::string best;
    uint64_t bestCount = 0;
    for (const auto& [name, seen] : recent_)
        if (now - seen.second <= window && seen.first > bestCount) {
            best = name;
            bestCount = seen.first;
        }
    if (!best.empty()) return best;
    if (lastClientError_.empty() || now - lastClientErrorAt_ > window) return {};
    return lastClientError_;
}

std::map<std::string, uint64_t> FailureCauses::retriedRequests() const {
    std::lock_guard lock(mutex_);
    return retried_;
}

std::string FailureCauses::describe(const std::string& cause) {
    if (cause.empty()) return " No broker error was seen before the timeout.";
    if (cause.rfind("topic ", 0) == 0) return " The " + cause + ".";
    if (cause[0] == '_')  // a local error: the broker never answered
        return " Requests kept failing locally with " + cause + " (no answer from the broker) until the timeout.";
    return " Brokers kept answering " + cause + " until the timeout.";
}

}  // namespace acklab
