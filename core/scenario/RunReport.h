#pragma once
// The report contract of docs/architecture.md (JSON), the CSV timeline, and the readable summary the CLI prints.
#include "audit/Auditor.h"
#include "audit/E2eTypes.h"
#include "audit/TxnAudit.h"
#include "cluster/FaultScheduler.h"
#include "traffic/RunTypes.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace acklab {

struct RunRecord {
    RunResult result;
    std::string cluster;                 // "embedded, 3 brokers"
    std::vector<FiredFault> faults;
    std::optional<AuditResult> audit;        // a plain run's audit
    std::optional<E2eSnapshot> e2e;      // the live end-to-end tracker's final snapshot (RunSpec::e2e)
    std::optional<TxnAuditResult> txnAudit;  // a transactional run's audit (both isolation levels), instead of audit
};

nlohmann::json reportJson(const RunRecord& r);
// The report's "e2e" object: latency_ms{min,p50,p95,p99,p999,max,mean,count}, seen, lost, duplicated, reordered,
// arrived_unacknowledged, acknowledged, late, untracked, complete, error, timeline[{t_ms, seen, ...}].
nlohmann::json e2eJson(const E2eSnapshot& e);
// A latency histogram (microseconds) as the report's {min, p50, p95, p99, p999, max, mean, count} in ms.
nlohmann::json latencyMsJson(const LatencyHistogram& h);
// The report's "transactions" object (transactional runs): committed, aborted, fenced, partial (under
// read_committed, when audited), commit_latency_ms{p50,p99,max,...}, records{...}, errors[...], per_interval.
nlohmann::json transactionsJson(const RunRecord& r);
// The report's "audit" of a transactional run: ok, error, lost, duplicated (read_committed's), partial, and the
// two isolation levels in full: read_committed{...}, read_uncommitted{...}.
nlohmann::json txnAuditJson(const TxnAuditResult& a);
// {"runs": [...]} for compare; a single run's report is the object itself.
nlohmann::json compareJson(const std::vector<RunRecord>& runs);
std::string timelineCsv(const RunRecord& r);  // header + one row per interval
std::string summaryText(const RunRecord& r);   // what `acklab-cli run` prints
std::string compareTable(const std::vector<RunRecord>& runs);  // side-by-side table

// Writes text to a file; throws std::runtime_error naming the path on failure.
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace acklab
