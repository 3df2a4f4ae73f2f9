#include "profile/Presets.h"

#include <filesystem>
#include <system_error>

namespace acklab {

namespace {

// Settings copied from the producer-reliability lesson (docs/architecture.md), value for value; the notes
// quote what the lesson says each configuration is for. resources/presets/<name>.json hold the same data for
// users to copy.
std::vector<ProducerProfile> makePresets() {
    return {
        ProducerProfile("critical", {{"client.id", "task-api-critical"}, {"acks", "all"}},
                        "Critical business events: acks=all, \"Wait for all ISR replicas\". When to use: \"Payment "
                        "events, order creation, inventory adjustments, audit logs---any event where loss causes "
                        "business problems.\""),
        ProducerProfile("analytics", {{"client.id", "task-api-analytics"}, {"acks", "1"}},
                        "Analytics events: acks=1, \"Wait for leader only\". When it's acceptable: \"Analytics "
                        "events, user activity tracking, recommendation system inputs---events where occasional "
                        "loss doesn't break business logic.\""),
        ProducerProfile("metrics", {{"client.id", "task-api-metrics"}, {"acks", "0"}},
                        "Metrics (loss acceptable): acks=0, \"Fire and forget\". When it's acceptable: "
                        "\"High-volume metrics collection where individual data points don't matter.\""),
        ProducerProfile("production",
                        {{"client.id", "task-api"},
                         {"acks", "all"},
                         {"enable.idempotence", "true"},
                         {"max.in.flight.requests.per.connection", "5"},
                         {"retries", "2147483647"},
                         {"retry.backoff.ms", "100"},
                         {"delivery.timeout.ms", "120000"},
                         {"request.timeout.ms", "30000"},
                         {"linger.ms", "5"},
                         {"batch.size", "16384"},
                         {"compression.type", "lz4"}},
                        "Putting it together: \"the complete production-ready producer configuration\". "
                        "\"Durability: Wait for all ISR replicas\"; \"Idempotence: Prevent duplicates on "
                        "retry\"; retries \"Retry until timeout\", delivery.timeout.ms \"2 minutes total\", "
                        "request.timeout.ms \"30 seconds per attempt\"; \"Performance (optional tuning)\": "
                        "\"Batch for 5ms\", \"16KB batches\", \"Compress messages\"."),
        ProducerProfile("at-least-once",
                        {{"acks", "all"}, {"enable.idempotence", "true"}, {"delivery.timeout.ms", "30000"}},
                        "\"At-least-once with idempotent consumers (simpler)\": \"If your notification consumer "
                        "can handle duplicates (checking task_id before sending), you might simplify\"; "
                        "delivery.timeout.ms 30000: \"Shorter timeout, faster failure\"."),
        ProducerProfile("transactional",
                        {{"client.id", "task-api-txn"},
                         {"transactional.id", "task-api-txn"},
                         {"acks", "all"},
                         {"enable.idempotence", "true"},
                         {"max.in.flight.requests.per.connection", "5"},
                         {"transaction.timeout.ms", "60000"},
                         {"delivery.timeout.ms", "30000"},
                         {"request.timeout.ms", "10000"},
                         {"linger.ms", "5"}},
                        "Atomic multi-topic writes (the lesson's closing question: should you use transactions for atomic multi-topic writes?): each transaction writes a task-created event and its audit-log record, and consumers reading with isolation.level=read_committed see both or neither. transactional.id turns idempotence on (acks=all, at most 5 in flight); delivery.timeout.ms stays below transaction.timeout.ms so no message outlives its transaction, and request.timeout.ms 10000 leaves room for retries within it."),
    };
}

}  // namespace

const std::vector<ProducerProfile>& builtinPresets() {
    static const std::vector<ProducerProfile> presets = makePresets();
    return presets;
}

std::optional<ProducerProfile> findPreset(const std::string& name) {
    for (const auto& preset : builtinPresets())
        if (preset.name() == name) return preset;
    return std::nullopt;
}

ProducerProfile resolveProfile(const std::string& nameOrPath) {
    if (nameOrPath.empty()) throw ProfileError("profile: empty name or path");
    if (auto preset = findPreset(nameOrPath)) return *preset;

    std::error_code ec;
    if (std::filesystem::is_regular_file(nameOrPath, ec)) return ProducerProfile::loadFile(nameOrPath);

    std::string names;
    for (const auto& preset : builtinPresets()) names += (names.empty() ? "" : ", ") + preset.name();
    throw ProfileError(nameOrPath + ": neither a preset (" + names + ") nor a profile file");
}

}  // namespace acklab
