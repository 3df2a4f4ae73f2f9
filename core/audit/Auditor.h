#pragma once
// The delivery audit: read the topic back with a consumer and check every message of a run by its run id and
// sequence number (the "acklab" header, traffic/MessageTag.h) against what the producer was told.
#include "traffic/RunTypes.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct AuditResult {
    bool ok = false;          // the topic was read to its end
    std::string error;        // why not
    uint64_t checked = 0;     // messages of this run the producer knows about
    uint64_t read = 0;        // records of this run read back
    uint64_t lost = 0;        // acknowledged, never read
    uint64_t duplicated = 0;  // extra copies read (a sequence read 3 times counts 2)
    uint64_t reordered = 0;   // read before a lower sequence of the same partition and key
    uint64_t presentNotAcked = 0;  // failed (e.g. timed out) or unreported, yet written
    uint64_t notAckedAbsent = 0;   // failed and indeed not written
    std::vector<int64_t> lostExamples, duplicatedExamples, reorderedExamples, presentNotAckedExamples;
};

struct AuditOptions {
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> clientProperties;
    std::string topic;
    std::string runId;
    int64_t timeoutMs = 60'000;  // gives up when nothing at all is read for this long (a stall, not the total)
    size_t examples = 5;
};

// outcomes[seq] is what the run recorded for each sequence number (RunOptions::recordOutcomes).
AuditResult auditRun(const AuditOptions& options, const std::vector<MessageOutcome>& outcomes);

}  // namespace acklab
