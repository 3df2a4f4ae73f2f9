#include "scenario/RunRecords.h"

#include "audit/E2eTracker.h"

namespace acklab {

std::vector<RunRecord> collectRecords(RunSession& session) {
    std::vector<RunRecord> records;
    for (size_t i = 0; i < session.size(); ++i) {
        RunRecord rec;
        rec.result = session.run(i).result();
        rec.cluster = session.cluster(i).describe();
        rec.faults = session.faults(i);
        if (const E2eTracker* t = session.tracker(i)) rec.e2e = t->snapshot();
        records.push_back(std::move(rec));
    }
    return records;
}

std::vector<RunRecord> collectRecords(RunSession& session, bool audit, int64_t auditTimeoutMs) {
    auto records = collectRecords(session);
    if (audit)
        for (size_t i = 0; i < records.size(); ++i)
            auditRecord(auditOptionsFor(session, i, records[i].result.runId, auditTimeoutMs), records[i]);
    return records;
}

void auditRecord(const AuditOptions& ao, RunRecord& rec) {
    const RunResult& r = rec.result;
    if (r.transactional) {
        TxnAuditOptions to;
        to.bootstrap = ao.bootstrap;
        to.clientProperties = ao.clientProperties;
        to.topics = r.topics;
        to.runId = r.runId;
        to.timeoutMs = ao.timeoutMs;
        rec.txnAudit = auditTransactions(to, r.transactionRecords, r.outcomes, r.counters.sent);
    } else {
        rec.audit = auditRun(ao, r.outcomes);
    }
}

AuditOptions auditOptionsFor(RunSession& session, size_t run, const std::string& runId, int64_t auditTimeoutMs) {
    AuditOptions ao;
    ao.bootstrap = session.cluster(run).bootstrapServers();
    ao.clientProperties = session.cluster(run).clientProperties();
    ao.topic = session.spec().traffic.topic;
    ao.runId = runId;
    ao.timeoutMs = auditTimeoutMs;
    return ao;
}

}  // namespace acklab
