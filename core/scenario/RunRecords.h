#pragma once
// From a finished RunSession to the RunRecords that reports are made of: one per run, with its cluster and
// fired faults, and (when asked) the audit that reads the run's topic back. Shared by acklab-cli run/compare,
// ScenarioRunner and the window, so the three cannot drift apart.
#include "audit/Auditor.h"
#include "scenario/RunReport.h"
#include "traffic/RunSession.h"

#include <cstdint>
#include <vector>

namespace acklab {

// One record per run of a finished session; no audit (RunRecord::audit stays empty).
std::vector<RunRecord> collectRecords(RunSession& session);
// The same, then each run's audit in turn (seconds of work per run: call it off any UI thread).
std::vector<RunRecord> collectRecords(RunSession& session, bool audit, int64_t auditTimeoutMs);
// What the audit of run `run` (its result's run id) reads: for callers that audit on a thread of their own.
AuditOptions auditOptionsFor(RunSession& session, size_t run, const std::string& runId, int64_t auditTimeoutMs);
// Audits one finished run as `ao` says: rec.txnAudit (both isolation levels, every topic of the run) for a
// transactional run, rec.audit otherwise. Seconds of work: off any UI thread.
void auditRecord(const AuditOptions& ao, RunRecord& rec);

}  // namespace acklab
