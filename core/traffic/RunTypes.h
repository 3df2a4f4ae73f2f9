#pragma once
// What goes into a ProducerRun and what comes out of it.
#include "metrics/LatencyHistogram.h"
#include "metrics/StatsParser.h"
#include "metrics/Timeline.h"
#include "profile/ProducerProfile.h"
#include "cluster/FaultScheduler.h"
#include "cluster/FaultSpec.h"
#include "traffic/TrafficSpec.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acklab {

struct RunOptions {
    std::string runId;                 // generated when empty
    ProducerProfile profile;
    std::string bootstrap;             // overrides the profile's bootstrap.servers when not empty
    std::vector<std::pair<std::string, std::string>> clusterProperties;  // security etc. of the cluster
    TrafficSpec traffic;
    std::string dlqTopic = "dead-letter-queue";  // "" = no DLQ topic, the local file only
    std::string dlqFile;               // fallback JSON-lines file; "" = DlqWriter::defaultFallbackPath()
    bool recordOutcomes = false;       // keep one outcome byte per message (for the audit)
    int64_t intervalMs = 100;
    int64_t drainTimeoutMs = -1;       // after the last produce(); -1 = delivery.timeout.ms +
                                       // reconnect.backoff.max.ms + 5 s (the mock's DR timing)
    int64_t stopFlushMs = 5000;        // bound on the flush after a user stop
    int64_t statisticsIntervalMs = 1000;  // librdkafka statistics, unless the profile sets statistics.interval.ms
    int64_t overdueAfterMs = 0;        // > 0: snapshots count messages waiting longer than this (RunSnapshot::overdue)
    // Faults the producer carries out itself (abort, zombie: FaultSpec::isProducerKind), at their at= times.
    std::vector<FaultSpec> producerFaults;
};

// How a transaction of a transactional run ended.
enum class TxnOutcome : uint8_t {
    Open = 0,     // still open when the run ended (or the producer went away under it)
    Committed,    // commit_transaction succeeded
    Aborted,      // abort_transaction succeeded (planned, on demand, or after an abortable error)
    Fenced,       // a fatal error (a newer producer with the same transactional.id) ended it
};
std::string_view toString(TxnOutcome o);

// One transaction: the records [firstSeq, firstSeq + records) of the run (each event writes one record per topic,
// to topic seq % topics in turn).
struct TransactionRecord {
    int64_t firstSeq = 0;
    int64_t records = 0;
    TxnOutcome outcome = TxnOutcome::Open;
    bool abortPlanned = false;  // abort_every / abort_share chose it
};

// An error a transactional call returned, classified by librdkafka's flags (metrics/TxnErrorClassifier).
struct TxnErrorCount {
    std::string operation;  // "init_transactions", "begin_transaction", "commit_transaction", "abort_transaction"
    std::string name;       // the error code's name ("_FENCED", "_TIMED_OUT", ...)
    std::string txnClass;   // "retriable" | "abortable" | "fatal"
    std::string message;    // the first error's text
    std::string remedy;
    uint64_t count = 0;
};

struct TxnCounters {
    uint64_t begun = 0, committed = 0, aborted = 0, fenced = 0;
    uint64_t abortedPlanned = 0, abortedOnDemand = 0, abortedAfterError = 0;
    uint64_t recordsCommitted = 0, recordsAborted = 0, recordsFenced = 0;
    uint64_t rebuilds = 0;  // producers rebuilt after a fatal error (TransactionSpec::rebuildOnFatal)
};

// One byte per sequence number when RunOptions::recordOutcomes.
enum class MessageOutcome : uint8_t {
    Pending = 0,         // no delivery report (yet, or in flight at the end)
    Delivered = 1,       // acknowledged (acks=0: handed to the socket)
    FailedNotPersisted = 2,
    FailedPossiblyPersisted = 3,  // e.g. timed out after the broker may have written it
};

struct RunEvent {
    int64_t tMs = 0;
    std::string severity;   // "info", "warning", "error"
    int32_t code = 0;       // 0 when not about an error code
    std::string name;       // "NOT_ENOUGH_REPLICAS"
    std::string errorClass; // "transient" | "permanent" | "fatal" | ""
    uint64_t count = 1;     // failures folded into this event
    std::string message;    // what happened, with the cause for timeouts
    std::string remedy;
};

struct ErrorCount {
    int32_t code = 0;
    std::string name;
    std::string errorClass;
    uint64_t count = 0;
};

struct RunCounters {
    uint64_t sent = 0, delivered = 0, failed = 0;
    uint64_t dlqTopic = 0, dlqFile = 0, dlqLost = 0;
    uint64_t backpressure = 0;
    uint64_t offsetsReported = 0;     // delivered reports that carried an offset (acks=0 carries none)
    uint64_t possiblyPersisted = 0;   // failed reports with status POSSIBLY_PERSISTED
    uint64_t callbackErrors = 0;      // librdkafka callbacks (AckLab's and the DLQ writer's) that threw: a bug
    uint64_t inFlight() const { return sent - delivered - failed; }
    uint64_t dlq() const { return dlqTopic + dlqFile; }
};

// What the delivery reports said per partition (acks=0 reports no offsets: lastOffset stays -1).
struct PartitionDeliveries {
    int32_t partition = 0;
    uint64_t delivered = 0;
    uint64_t failed = 0;
    int64_t lastOffset = -1;
};

struct RunSnapshot {
    std::string runId;
    std::string profileName;
    std::string state;  // "starting", "running", "draining", "stopping", "finished", "failed"
    int64_t elapsedMs = 0;
    int64_t plannedMessages = 0;      // 0 for duration runs
    int64_t plannedDurationMs = 0;
    RunCounters counters;
    std::vector<TimelinePoint> timeline;  // points from the index asked for
    size_t timelineEnd = 0;               // pass back to get only newer points
    std::vector<RunEvent> events;         // events from the index asked for
    size_t eventsEnd = 0;
    std::vector<ErrorCount> errors;
    LatencyHistogram latency;             // whole run so far, from produce()
    LatencyHistogram schedLatency;        // whole run so far, from the scheduled send time
    ClientStats stats;                    // latest librdkafka statistics (when statistics.interval.ms > 0)
    // When the oldest message still without a delivery report was sent (ms from the start, exact to one
    // interval), -1 when none waits.
    int64_t oldestInFlightSentMs = -1;
    // With RunOptions::overdueAfterMs: messages still waiting that were sent more than that long before the
    // last published interval ended (to one interval, never counting a younger one).
    uint64_t overdue = 0;
    std::map<std::string, uint64_t> retriedRequests;  // failed Produce requests librdkafka retried, by error
    bool transactional = false;
    TxnCounters transactions;             // published once per interval, like counters
    LatencyHistogram commitLatency;       // whole run so far: commit_transaction calls (microseconds)
};

struct RunResult {
    std::string runId;
    std::string profileName;
    std::vector<std::pair<std::string, std::string>> effectiveProperties;  // secrets masked
    TrafficSpec traffic;
    RunCounters counters;
    uint64_t inFlightAtEnd = 0;
    uint64_t purgedAtEnd = 0;
    LatencyHistogram latency;
    LatencyHistogram schedLatency;
    std::vector<TimelinePoint> timeline;
    std::vector<RunEvent> events;
    std::vector<ErrorCount> errors;
    std::vector<MessageOutcome> outcomes;  // when recordOutcomes
    std::map<std::string, uint64_t> retriedRequests;  // failed Produce requests librdkafka retried, by error
    ClientStats stats;               // librdkafka's last statistics of the run
    std::vector<PartitionDeliveries> partitions;
    double throughputMsgsPerS = 0;   // delivered / (last delivery report - first produce())
    double throughputMbPerS = 0;
    int64_t firstProduceEpochMs = 0;
    int64_t durationMs = 0;          // start to end of the run
    bool fatal = false;
    std::string fatalError;          // rd_kafka_fatal_error's text
    bool stoppedByUser = false;
    std::string dlqFallbackPath;
    std::string dlqTopic;
    std::string error;               // set when the run could not start (bad config, ...)
    // Transactional runs (TrafficSpec::transaction).
    bool transactional = false;
    std::vector<std::string> topics;           // every topic written, in seq % topics order
    std::string transactionalId;
    TxnCounters transactions;
    LatencyHistogram commitLatency;
    std::vector<TransactionRecord> transactionRecords;  // every transaction, in order
    std::vector<TxnErrorCount> txnErrors;
    std::vector<FiredFault> producerFaults;    // abort / zombie faults the producer carried out
};

}  // namespace acklab
