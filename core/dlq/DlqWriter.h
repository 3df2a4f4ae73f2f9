#pragma once
// Writes DLQ envelopes to the DLQ topic with a producer of its own; when that write fails (synchronously or in
// its delivery report, or is still unconfirmed at close), the envelope goes to a local append-only JSON-lines
// file instead. Nothing is dropped without a trace: every envelope ends up counted in toTopic() or toFile(),
// or, only if even the file cannot be written, in lost() with the reason in lastError().
// Single-threaded: write()/poll()/close() are called from the run's thread.
#include "common/RdKafka.h"
#include "dlq/DlqEnvelope.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace acklab {

struct DlqWriterOptions {
    std::string bootstrap;                                       // "" = no topic: file only
    std::vector<std::pair<std::string, std::string>> clientProperties;  // security etc. of the cluster
    std::string topic = "dead-letter-queue";                     // "" = file only
    std::string fallbackPath;                                    // JSON-lines; default defaultFallbackPath()
};

class DlqWriter {
public:
    explicit DlqWriter(DlqWriterOptions options);
    ~DlqWriter();
    DlqWriter(const DlqWriter&) = delete;
    DlqWriter& operator=(const DlqWriter&) = delete;

    void write(const DlqEnvelope& envelope);
    void poll();                    // serves the DLQ producer's delivery reports
    void close(int timeoutMs);      // flushes; whatever is unconfirmed by then goes to the file

    uint64_t toTopic() const { return toTopic_; }
    uint64_t toFile() const { return toFile_; }
    uint64_t lost() const { return lost_; }
    uint64_t pending() const { return pending_.size(); }
    // Delivery reports whose handling threw (the reason is in lastError()); their envelopes stay pending.
    uint64_t callbackErrors() const { return callbackErrors_; }
    const std::string& fallbackPath() const { return options_.fallbackPath; }
    const std::string& topic() const { return options_.topic; }
    const std::string& lastError() const { return lastError_; }

    // $XDG_STATE_HOME/acklab/dlq-fallback.jsonl (or ~/.local/state/...); the folder is created on first write.
    static std::string defaultFallbackPath();

private:
    static void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    void toFallback(const std::string& line, const std::string& why);

    DlqWriterOptions options_;
    KafkaHandle producer_;
    std::unordered_map<uint64_t, std::string> pending_;  // id -> envelope JSON, until the topic confirms
    uint64_t nextId_ = 1;
    uint64_t toTopic_ = 0, toFile_ = 0, lost_ = 0, callbackErrors_ = 0;
    std::string lastError_;
};

}  // namespace acklab
