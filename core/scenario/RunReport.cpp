#include "scenario/RunReport.h"

#include "common/BuildInfo.h"
#include "common/Format.h"
#include "profile/ProducerProfile.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace acklab {
namespace {

using nlohmann::json;

double ms(int64_t us) { return std::round(static_cast<double>(us) / 10.0) / 100.0; }  // us -> ms, 2 decimals

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

}  // namespace

json latencyMsJson(const LatencyHistogram& h) {
    return {{"min", ms(h.min())},
            {"p50", ms(h.percentile(0.50))},
            {"p95", ms(h.percentile(0.95))},
            {"p99", ms(h.percentile(0.99))},
            {"p999", ms(h.percentile(0.999))},
            {"max", ms(h.max())},
            {"mean", std::round(h.mean() / 10.0) / 100.0},
            {"count", h.count()}};
}

json e2eJson(const E2eSnapshot& e) {
    const auto& t = e.totals;
    json tl = json::array();
    for (const auto& p : e.points)
        tl.push_back({{"t_ms", p.tMs}, {"seen", p.seen}, {"duplicated", p.duplicated}, {"reordered", p.reordered},
                      {"lost", p.lost}, {"arrived_unacknowledged", p.arrivedUnacknowledged}, {"p50", p.p50Ms},
                      {"p99", p.p99Ms}, {"max", p.maxMs}});
    return {{"latency_ms", latencyMsJson(t.latency)},
            {"seen", t.seen},
            {"lost", t.lost},
            {"duplicated", t.duplicated},
            {"reordered", t.reordered},
            {"arrived_unacknowledged", t.arrivedUnacknowledged},
            {"acknowledged", t.acknowledged},
            {"late", t.late},
            {"untracked", t.untracked},
            {"complete", e.complete},
            {"error", e.error},
            {"timeline", tl}};
}

json transactionsJson(const RunRecord& rec) {
    const RunResult& r = rec.result;
    const auto& t = r.transactions;
    json j = {{"transactional_id", r.transactionalId},
              {"topics", r.topics},
              {"begun", t.begun},
              {"committed", t.committed},
              {"aborted", t.aborted},
              {"fenced", t.fenced},
              {"open_at_end", t.begun - t.committed - t.aborted - t.fenced},
              {"aborted_planned", t.abortedPlanned},
              {"aborted_on_demand", t.abortedOnDemand},
              {"aborted_after_error", t.abortedAfterError},
              {"rebuilds", t.rebuilds},
              {"commit_latency_ms", latencyMsJson(r.commitLatency)}};
    // Every record sent belongs to one transaction: committed + aborted + fenced + open == messages.sent.
    const uint64_t inTxns = t.recordsCommitted + t.recordsAborted + t.recordsFenced;
    j["records"] = {{"committed", t.recordsCommitted},
                    {"aborted", t.recordsAborted},
                    {"fenced", t.recordsFenced},
                    {"open", r.counters.sent >= inTxns ? r.counters.sent - inTxns : 0}};
    j["partial"] = rec.txnAudit && rec.txnAudit->committed.ok ? json(rec.txnAudit->committed.partial) : json(nullptr);
    json errs = json::array();
    json byClass = {{"retriable", 0}, {"abortable", 0}, {"fatal", 0}};
    for (const auto& e : r.txnErrors) {
        errs.push_back({{"operation", e.operation}, {"name", e.name}, {"class", e.txnClass}, {"count", e.count},
                        {"message", e.message}, {"remedy", e.remedy}});
        if (byClass.contains(e.txnClass)) byClass[e.txnClass] = byClass[e.txnClass].get<uint64_t>() + e.count;
    }
    j["errors"] = errs;
    j["errors_by_class"] = byClass;  // numbers, for expectations ("transactions.errors_by_class.fatal >= 1")
    return j;
}

json txnAuditJson(const TxnAuditResult& a) {
    auto level = [](const IsolationAudit& l) {
        json byTopic = json::object();
        for (const auto& [topic, n] : l.readByTopic) byTopic[topic] = n;
        return json{{"ok", l.ok},
                    {"error", l.error},
                    {"read", l.read},
                    {"read_by_topic", byTopic},
                    {"duplicated", l.duplicated},
                    {"committed_complete", l.committedComplete},
                    {"partial", l.partial},
                    {"committed_missing", l.committedMissing},
                    {"lost", l.lost},
                    {"aborted_visible", l.abortedVisible},
                    {"aborted_transactions_visible", l.abortedTransactionsVisible},
                    {"aborted_acknowledged", l.abortedAcknowledged},
                    {"outside_transactions", l.outsideTransactions},
                    {"examples",
                     {{"partial_transactions", l.partialExamples},
                      {"lost", l.lostExamples},
                      {"aborted_visible", l.abortedVisibleExamples},
                      {"duplicated", l.duplicatedExamples}}}};
    };
    const auto& c = a.committed;
    std::string error = c.error.empty() ? a.uncommitted.error : c.error;
    return {{"ok", a.ok()},
            {"error", error},
            {"lost", c.lost},
            {"duplicated", c.duplicated},
            {"partial", c.partial},
            {"read_committed", level(c)},
            {"read_uncommitted", level(a.uncommitted)}};
}

json reportJson(const RunRecord& rec) {
    const RunResult& r = rec.result;
    json j;
    j["acklab_version"] = BuildInfo::fullVersion();
    j["run_id"] = r.runId;
    j["cluster"] = rec.cluster;
    json props = json::object();
    for (const auto& [k, v] : r.effectiveProperties) props[k] = v;
    j["profile"] = {{"name", r.profileName}, {"properties", props}};
    j["traffic"] = r.traffic.toJson();
    const auto& c = r.counters;
    j["messages"] = {{"sent", c.sent},
                     {"delivered", c.delivered},
                     {"failed", c.failed},
                     {"dlq", c.dlq()},
                     {"dlq_topic", c.dlqTopic},
                     {"dlq_file", c.dlqFile},
                     {"dlq_lost", c.dlqLost},
                     {"in_flight_at_end", r.inFlightAtEnd},
                     {"backpressure", c.backpressure},
                     {"offsets_reported", c.offsetsReported},
                     {"possibly_persisted", c.possiblyPersisted},
                     {"callback_errors", c.callbackErrors}};
    j["latency_ms"] = latencyMsJson(r.latency);
    j["latency_from_schedule_ms"] = latencyMsJson(r.schedLatency);
    j["throughput"] = {{"msgs_per_s", std::round(r.throughputMsgsPerS)},
                       {"mb_per_s", std::round(r.throughputMbPerS * 100) / 100}};
    json errs = json::array();
    for (const auto& e : r.errors) errs.push_back({{"code", e.code}, {"name", e.name}, {"class", e.errorClass}, {"count", e.count}});
    j["errors"] = errs;
    json parts = json::array();
    for (const auto& p : r.partitions)
        parts.push_back({{"partition", p.partition}, {"delivered", p.delivered}, {"failed", p.failed},
                         {"last_offset", p.lastOffset >= 0 ? json(p.lastOffset) : json(nullptr)}});
    j["partitions"] = parts;
    json retried = json::object();
    for (const auto& [name, n] : r.retriedRequests) retried[name] = n;
    j["retried_requests"] = retried;
    if (r.stats.valid) {
        json brokers = json::array();
        for (const auto& b : r.stats.brokers)
            brokers.push_back({{"node_id", b.nodeId},
                               {"state", b.state},
                               {"rtt_avg_ms", b.rttAvgMs},
                               {"rtt_p99_ms", b.rttP99Ms},
                               {"queue_latency_p99_ms", b.intLatencyP99Ms},
                               {"request_queue_latency_p99_ms", b.outbufLatencyP99Ms},
                               {"retries", b.txRetries},
                               {"request_errors", b.txErrors},
                               {"request_timeouts", b.reqTimeouts}});
        j["librdkafka"] = {{"retries", r.stats.totalRetries}, {"brokers", brokers}};
    }
    json faults = json::array();
    for (const auto& f : rec.faults) faults.push_back({{"at_ms", f.atMs}, {"spec", f.spec}, {"result", f.result}, {"ok", f.ok}});
    j["faults"] = faults;
    if (rec.audit) {
        const auto& a = *rec.audit;
        j["audit"] = {{"ok", a.ok},
                      {"error", a.error},
                      {"checked", a.checked},
                      {"read", a.read},
                      {"lost", a.lost},
                      {"duplicated", a.duplicated},
                      {"reordered", a.reordered},
                      {"present_not_acknowledged", a.presentNotAcked},
                      {"examples",
                       {{"lost", a.lostExamples},
                        {"duplicated", a.duplicatedExamples},
                        {"reordered", a.reorderedExamples},
                        {"present_not_acknowledged", a.presentNotAckedExamples}}}};
    }
    if (rec.txnAudit) j["audit"] = txnAuditJson(*rec.txnAudit);
    if (r.transactional) j["transactions"] = transactionsJson(rec);
    if (rec.e2e) j["e2e"] = e2eJson(*rec.e2e);
    json tl = json::array();
    for (const auto& p : r.timeline) {
        json fb = json::object();
        for (const auto& [code, n] : p.failedByCode) fb[std::to_string(code)] = n;
        tl.push_back({{"t_ms", p.tMs},
                      {"sent", p.sent},
                      {"delivered", p.delivered},
                      {"failed", p.failed},
                      {"dlq", p.dlq},
                      {"p50", p.p50Ms},
                      {"p99", p.p99Ms},
                      {"max", p.maxMs},
                      {"sched_p99", p.schedP99Ms},
                      {"in_flight", p.inFlight},
                      {"failed_by_code", fb}});
        if (r.transactional)
            tl.back()["transactions"] = {{"committed", p.txnCommitted}, {"aborted", p.txnAborted},
                                         {"fenced", p.txnFenced},       {"commit_p50", p.commitP50Ms},
                                         {"commit_p99", p.commitP99Ms}, {"commit_max", p.commitMaxMs}};
    }
    j["timeline"] = tl;
    json ev = json::array();
    for (const auto& e : r.events)
        ev.push_back({{"t_ms", e.tMs}, {"severity", e.severity}, {"name", e.name}, {"class", e.errorClass},
                      {"count", e.count}, {"message", e.message}, {"remedy", e.remedy}});
    j["events"] = ev;
    j["duration_ms"] = r.durationMs;
    j["stopped_by_user"] = r.stoppedByUser;
    j["fatal"] = r.fatal ? json(r.fatalError) : json(nullptr);
    j["dlq"] = {{"topic", r.dlqTopic}, {"fallback_file", r.dlqFallbackPath}};
    return j;
}

json compareJson(const std::vector<RunRecord>& runs) {
    json a = json::array();
    for (const auto& r : runs) a.push_back(reportJson(r));
    return {{"acklab_version", BuildInfo::fullVersion()}, {"runs", a}};
}

std::string timelineCsv(const RunRecord& rec) {
    std::ostringstream o;
    o << "t_ms,sent,delivered,failed,dlq,backpressure,in_flight,p50_ms,p99_ms,max_ms,sched_p50_ms,sched_p99_ms,sched_max_ms\n";
    for (const auto& p : rec.result.timeline)
        o << p.tMs << ',' << p.sent << ',' << p.delivered << ',' << p.failed << ',' << p.dlq << ',' << p.backpressure
          << ',' << p.inFlight << ',' << p.p50Ms << ',' << p.p99Ms << ',' << p.maxMs << ',' << p.schedP50Ms << ','
          << p.schedP99Ms << ',' << p.schedMaxMs << '\n';
    return o.str();
}

std::string summaryText(const RunRecord& rec) {
    const RunResult& r = rec.result;
    const auto& c = r.counters;
    std::ostringstream o;
    o << "run " << r.runId << "  profile " << r.profileName << "  cluster " << rec.cluster << "\n";
    o << "  messages   sent " << thousands(c.sent) << "  delivered " << thousands(c.delivered) << "  failed "
      << thousands(c.failed) << "  in flight at end " << thousands(r.inFlightAtEnd) << "\n";
    o << "  dlq        " << thousands(c.dlq()) << " (topic " << thousands(c.dlqTopic) << ", local file "
      << thousands(c.dlqFile) << (c.dlqFile ? " -> " + r.dlqFallbackPath : std::string()) << ")\n";
    if (r.latency.count()) {
        o << "  latency    p50 " << fmt("%.2f", ms(r.latency.percentile(0.5))) << " ms  p95 "
          << fmt("%.2f", ms(r.latency.percentile(0.95))) << "  p99 " << fmt("%.2f", ms(r.latency.percentile(0.99)))
          << "  max " << fmt("%.2f", ms(r.latency.max())) << " ms\n";
    }
    o << "  throughput " << thousands(static_cast<uint64_t>(r.throughputMsgsPerS)) << " msgs/s ("
      << fmt("%.2f", r.throughputMbPerS) << " MB/s)";
    if (c.backpressure) o << "  backpressure " << thousands(c.backpressure) << " × QUEUE_FULL";
    o << "\n";
    if (!r.traffic.topic.empty() && c.delivered > 0 && c.offsetsReported == 0)
        o << "  note       no offsets were reported: with acks=0 the broker never confirms a write\n";
    for (const auto& [name, n] : r.retriedRequests)
        o << "  retried    " << name << " × " << thousands(n) << " Produce request(s), retried by librdkafka\n";
    for (const auto& e : r.errors) o << "  error      " << e.name << " (" << e.errorClass << ") × " << thousands(e.count) << "\n";
    for (const auto& e : r.events)
        if (!e.name.empty() && e.message.find(" more ×") == std::string::npos)
            o << "    at " << fmt("%.1f", static_cast<double>(e.tMs) / 1000.0) << "s  " << e.message
              << (e.remedy.empty() ? "" : "  -> " + e.remedy) << "\n";
    for (const auto& f : rec.faults)
        o << "  fault      at " << fmt("%.2f", static_cast<double>(f.atMs) / 1000.0) << "s  " << f.spec << ": "
          << (f.ok ? "" : "FAILED: ") << f.result << "\n";
    if (r.fatal) o << "  FATAL      " << r.fatalError << "\n";
    if (rec.audit) {
        const auto& a = *rec.audit;
        if (!a.ok) o << "  audit      not completed: " << a.error << "\n";
        else
            o << "  audit      checked " << thousands(a.checked) << "  read " << thousands(a.read) << "  lost "
              << thousands(a.lost) << "  duplicated " << thousands(a.duplicated) << "  reordered "
              << thousands(a.reordered) << "  written-but-not-acknowledged " << thousands(a.presentNotAcked) << "\n";
    }
    if (r.transactional) {
        const auto& t = r.transactions;
        o << "  txn        " << r.transactionalId << " over " << r.topics.size() << " topic(s): committed "
          << thousands(t.committed) << "  aborted " << thousands(t.aborted) << " (planned " << thousands(t.abortedPlanned)
          << ", on demand " << thousands(t.abortedOnDemand) << ", after an error " << thousands(t.abortedAfterError)
          << ")  fenced " << thousands(t.fenced);
        if (t.rebuilds) o << "  rebuilt " << thousands(t.rebuilds) << "x";
        if (r.commitLatency.count())
            o << "  commit p50 " << fmt("%.1f", ms(r.commitLatency.percentile(0.5))) << " ms  p99 "
              << fmt("%.1f", ms(r.commitLatency.percentile(0.99))) << "  max " << fmt("%.1f", ms(r.commitLatency.max()))
              << " ms";
        o << "\n";
        for (const auto& e : r.txnErrors)
            o << "  txn error  " << e.operation << ": " << e.name << " (" << e.txnClass << ") x " << thousands(e.count)
              << "  -> " << e.remedy << "\n";
    }
    if (rec.txnAudit) {
        for (const IsolationAudit* l : {&rec.txnAudit->committed, &rec.txnAudit->uncommitted}) {
            o << "  audit      " << l->isolation << ": ";
            if (!l->ok) {
                o << "not completed: " << l->error << "\n";
                continue;
            }
            o << "read " << thousands(l->read) << "  committed complete " << thousands(l->committedComplete)
              << "  partial " << thousands(l->partial) << "  lost " << thousands(l->lost) << "  aborted visible "
              << thousands(l->abortedVisible) << " of " << thousands(l->abortedAcknowledged) << " acknowledged"
              << "  duplicated " << thousands(l->duplicated) << "\n";
        }
    }
    if (rec.e2e) {
        const auto& e = rec.e2e->totals;
        o << "  e2e        seen " << thousands(e.seen) << "  lost " << thousands(e.lost) << "  duplicated "
          << thousands(e.duplicated) << "  reordered " << thousands(e.reordered) << "  arrived-unacknowledged "
          << thousands(e.arrivedUnacknowledged);
        if (e.latency.count())
            o << "  latency p50 " << fmt("%.0f", ms(e.latency.percentile(0.5))) << " ms  p99 "
              << fmt("%.0f", ms(e.latency.percentile(0.99))) << "  max " << fmt("%.0f", ms(e.latency.max())) << " ms";
        o << (rec.e2e->complete ? "" : "  (not complete: " + rec.e2e->error + ")") << "\n";
    }
    return o.str();
}

std::string compareTable(const std::vector<RunRecord>& runs) {
    std::ostringstream o;
    char line[256];
    std::snprintf(line, sizeof line, "%-16s %10s %10s %10s %12s %9s %7s %7s %7s %10s\n", "profile", "p50 ms", "p95 ms",
                  "p99 ms", "msgs/s", "failed", "dlq", "lost", "dup", "in-flight");
    o << line;
    for (const auto& rec : runs) {
        const auto& r = rec.result;
        // The audit's counts, else the live tracker's.
        std::string lost = "-", dup = "-";
        if (rec.audit && rec.audit->ok) {
            lost = std::to_string(rec.audit->lost);
            dup = std::to_string(rec.audit->duplicated);
        } else if (rec.txnAudit && rec.txnAudit->committed.ok) {
            lost = std::to_string(rec.txnAudit->committed.lost);
            dup = std::to_string(rec.txnAudit->committed.duplicated);
        } else if (rec.e2e) {
            lost = std::to_string(rec.e2e->totals.lost);
            dup = std::to_string(rec.e2e->totals.duplicated);
        }
        std::snprintf(line, sizeof line, "%-16s %10.2f %10.2f %10.2f %12.0f %9llu %7llu %7s %7s %10llu\n",
                      r.profileName.substr(0, 16).c_str(), ms(r.latency.percentile(0.5)), ms(r.latency.percentile(0.95)),
                      ms(r.latency.percentile(0.99)), r.throughputMsgsPerS, static_cast<unsigned long long>(r.counters.failed),
                      static_cast<unsigned long long>(r.counters.dlq()), lost.c_str(), dup.c_str(),
                      static_cast<unsigned long long>(r.inFlightAtEnd));
        o << line;
    }
    return o.str();
}

void writeTextFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path + ": cannot open for writing");
    out << text;
    out.flush();
    if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace acklab
