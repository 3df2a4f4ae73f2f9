#pragma once
// Sends DLQ records back: to their original topic or another one, paced to a rate, or only planned (dry run).
// What is sent is the ORIGINAL record: the envelope's key/value/headers for AckLab, the record's own key/value
// with the DLQ-specific headers (__connect.errors.*, kafka_dlt-*) stripped for Connect/Spring/raw.
// Nothing is lost: a record that fails again goes back to the DLQ through a DlqWriter (attempts + 1), which
// falls back to its local file; the summary says what went where. DLQ records themselves are not removed
// (a topic is append-only; the fallback file is left as it is).
#include "dlq/DlqRecord.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct RedriveOptions {
    std::string bootstrap;  // target cluster (not needed for a dry run)
    std::vector<std::pair<std::string, std::string>> clientProperties;  // security, and producer overrides
    std::string toTopic;           // "" = each record's original topic
    bool keepPartition = false;    // the original partition, when known and sending to the original topic
    double rate = 0;               // messages per second; 0 = as fast as the producer takes them
    bool dryRun = false;
    int64_t deliveryTimeoutMs = 30'000;
    std::string dlqTopic = "dead-letter-queue";  // where records that fail again go; "" = the file only
    std::string dlqFile;                         // fallback JSON-lines file; "" = DlqWriter::defaultFallbackPath()
};

// What is (or would be) sent for one record.
struct RedrivePlan {
    std::string topic;
    int32_t partition = -1;  // -1: the producer's partitioner decides
    std::optional<std::string> key;
    std::optional<std::string> value;
    DlqHeaders headers;
};

struct RedriveOutcome {
    enum class Status { WouldSend, Sent, FailedAgain, Skipped };
    size_t index = 0;  // into the records given to run()
    Status status = Status::Skipped;
    RedrivePlan plan;
    int32_t partition = -1;  // where it landed (Sent) or failed
    int64_t offset = -1;
    std::string errorName;   // FailedAgain: the new error
    std::string error;       // FailedAgain / Skipped: why

    static const char* statusName(Status s);  // "would-send", "sent", "failed-again", "skipped"
};

struct RedriveSummary {
    std::vector<RedriveOutcome> outcomes;  // one per record, in order
    uint64_t wouldSend = 0, redriven = 0, failedAgain = 0, skipped = 0;
    uint64_t requeuedToTopic = 0, requeuedToFile = 0, requeueLost = 0;  // where the failed-again records went
    std::string dlqTopic, dlqFile;
    bool dryRun = false;
    bool cancelled = false;
    std::string error;  // the redrive could not start (producer refused its configuration)

    bool allOk() const { return error.empty() && failedAgain == 0 && skipped == 0 && !cancelled; }
    std::string text() const;  // "redriven 5, failed again and DLQ'd 1 (to topic dead-letter-queue 1, to file 0), ..."
};

class Redrive {
public:
    using Progress = std::function<void(const RedriveOutcome&)>;

    // Why a record cannot be redriven ("" when it can), and what would be sent.
    static std::string plan(const DlqRecord& record, const RedriveOptions& options, RedrivePlan& out);
    // Blocking; call from a worker thread in a GUI. `cancel` stops before the next send (the rest are skipped).
    // `progress` is called on this thread once per record when its outcome is known.
    static RedriveSummary run(const std::vector<DlqRecord>& records, const RedriveOptions& options,
                              const std::atomic<bool>* cancel = nullptr, const Progress& progress = {});
};

}  // namespace acklab
