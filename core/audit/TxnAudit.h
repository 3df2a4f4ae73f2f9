#pragma once
// The transaction audit: after a transactional run, every topic it wrote is read back twice, with
// isolation.level=read_committed (what a transactional consumer sees) and read_uncommitted (everything the
// brokers hold), and each record (by its tag, traffic/MessageTag.h) is matched to the transaction that wrote it
// (RunResult::transactionRecords). Under read_committed a committed transaction must be complete in every topic
// (no partial transaction), an aborted or fenced one invisible; under read_uncommitted the aborted records the
// brokers acknowledged are there to see. No record may be read twice.
#include "traffic/RunTypes.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct IsolationAudit {
    std::string isolation;            // "read_committed" | "read_uncommitted"
    bool ok = false;                  // every topic was read to its end
    std::string error;                // why not
    uint64_t read = 0;                // records of this run read back, all topics
    std::map<std::string, uint64_t> readByTopic;
    uint64_t duplicated = 0;          // extra copies (a record read 3 times counts 2)
    uint64_t committedComplete = 0;   // committed transactions with every record read
    uint64_t partial = 0;             // committed transactions with some, not all, records read
    uint64_t committedMissing = 0;    // committed transactions with no record read
    uint64_t lost = 0;                // records of committed transactions not read
    uint64_t abortedVisible = 0;      // records of aborted or fenced transactions read
    uint64_t abortedTransactionsVisible = 0;  // aborted or fenced transactions with a record read
    uint64_t abortedAcknowledged = 0; // records of aborted or fenced transactions the brokers acknowledged
    uint64_t outsideTransactions = 0; // records read that belong to a transaction left open
    std::vector<int64_t> partialExamples;         // transaction numbers (1-based)
    std::vector<int64_t> lostExamples, abortedVisibleExamples, duplicatedExamples;  // sequence numbers
};

struct TxnAuditResult {
    IsolationAudit committed;    // read_committed
    IsolationAudit uncommitted;  // read_uncommitted
    bool ok() const { return committed.ok && uncommitted.ok; }
};

struct TxnAuditOptions {
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> clientProperties;
    std::vector<std::string> topics;
    std::string runId;
    int64_t timeoutMs = 60'000;
    size_t examples = 5;
};

// Reads with both isolation levels. outcomes: RunOptions::recordOutcomes (for abortedAcknowledged; may be empty).
TxnAuditResult auditTransactions(const TxnAuditOptions& options, const std::vector<TransactionRecord>& transactions,
                                 const std::vector<MessageOutcome>& outcomes, uint64_t sent);

}  // namespace acklab
