#include "advise/AdviceVerifier.h"

#include "cluster/LocalKafkaCluster.h"
#include "common/Format.h"
#include "scenario/RunRecords.h"

#include <chrono>
#include <cstdio>

namespace acklab {

namespace {

std::string fixed(double v, int digits = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// warmupMs > 0: *afterWarmup gets the latency of the reports after the first warmupMs (connection set-up, metadata and
// the producer id make the first ones slow, which is not the steady state the bound is about).
RunRecord runOnce(const Advice& advice, const VerifyOptions& o, LocalKafkaCluster* local, const std::string& topic,
                  int64_t durationMs, const std::vector<FaultSpec>& faults, bool audit, bool e2e,
                  int64_t warmupMs = 0, LatencyHistogram* afterWarmup = nullptr) {
    RunSpec spec;
    spec.cluster = o.cluster;
    spec.profiles.push_back(advice.profile);
    spec.traffic.topic = topic;
    spec.traffic.partitions = 1;  // one leader: the fault hits all of the traffic
    spec.traffic.rate = advice.requirements.peakRate;
    spec.traffic.messages = std::max<int64_t>(1, static_cast<int64_t>(advice.requirements.peakRate * durationMs / 1000.0));
    spec.traffic.valueSize = o.valueSize;
    spec.traffic.validate();
    spec.faults = faults;
    spec.dlqTopic = "";  // failures are counted, not re-sent
    spec.audit = audit;
    spec.e2e = e2e;
    RunSession session(std::move(spec), local);
    session.start();
    LatencyHistogram early;
    if (warmupMs > 0) {
        session.run(0).wait(std::chrono::milliseconds(warmupMs));
        early = session.run(0).snapshot(SIZE_MAX, SIZE_MAX).latency;
    }
    session.wait();
    auto records = collectRecords(session, audit, 60'000);
    if (afterWarmup != nullptr) {
        *afterWarmup = records.at(0).result.latency;
        afterWarmup->subtract(early);
    }
    return records.at(0);
}

}  // namespace

VerifyResult verifyAdvice(const Advice& advice, const VerifyOptions& o, LocalKafkaCluster* local) {
    VerifyResult v;
    const auto& r = advice.requirements;
    auto say = [&](const std::string& line) {
        if (o.progress) o.progress(line);
    };
    v.topic = o.topic.empty()
                  ? "acklab-advise-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1'000'000'000)
                  : o.topic;
    try {
        std::vector<FaultSpec> faults;
        const auto kind = o.cluster.kind;
        if (kind == ClusterChoice::Kind::Local) {
            if (local == nullptr) throw std::runtime_error("Local Kafka verification needs the Local Kafka cluster");
            v.cluster = local->describe();
            if (const auto why = local->prepareTopic(v.topic, 1); !why.empty()) throw std::runtime_error(why);
            // The node is named now: `for=` restarts the node that was killed, not whoever leads by then.
            const TopicInfo t = local->kafka().describeTopic(v.topic);
            if (t.partitions.empty() || t.partitions.front().leader < 0)
                throw std::runtime_error("topic " + v.topic + " has no leader");
            faults.push_back(FaultSpec::parse("kill broker=" + std::to_string(t.partitions.front().leader) + " at=3s for=6s"));
        } else if (kind == ClusterChoice::Kind::Embedded) {
            v.cluster = "embedded, " + std::to_string(o.cluster.brokers) + " brokers";
            faults.push_back(FaultSpec::parse("down broker=leader at=3s for=3s"));
        } else {
            v.cluster = "external, " + o.cluster.bootstrap;
        }

        say("steady run: " + thousands(static_cast<uint64_t>(r.peakRate)) + " msgs/s for " + fixed(o.steadyRunMs / 1000.0) +
            " s, no fault");
        LatencyHistogram steadyLatency;
        const RunRecord steady = runOnce(advice, o, local, v.topic, o.steadyRunMs, {}, false, false, 1000, &steadyLatency);
        v.steadyDelivered = steady.result.counters.delivered;
        v.steadyMeasured = steadyLatency.count();
        v.steadyP50Ms = static_cast<double>(steadyLatency.percentile(0.50)) / 1000.0;
        v.steadyP99Ms = static_cast<double>(steadyLatency.percentile(0.99)) / 1000.0;
        v.latencyHeld = v.steadyMeasured > 0 && v.steadyP99Ms <= static_cast<double>(r.maxLatencyMs);

        say("fault run: " + fixed(o.faultRunMs / 1000.0) + " s" +
            (faults.empty() ? " without a fault" : ", " + faults.front().text) + ", then the audit reads the topic back");
        const RunRecord run = runOnce(advice, o, local, v.topic, o.faultRunMs, faults, true,
                                      kind == ClusterChoice::Kind::Local);
        v.faults = run.faults;
        const auto& c = run.result.counters;
        v.sent = c.sent;
        v.delivered = c.delivered;
        v.failed = c.failed;
        v.inFlightAtEnd = run.result.inFlightAtEnd;
        v.audit = run.audit;
        v.e2e = run.e2e;
        if (!run.result.error.empty()) v.error = "the run failed: " + run.result.error;
        if (!v.audit || !v.audit->ok)
            v.error = "the audit could not read the topic back" + (v.audit ? ": " + v.audit->error : std::string());
        const uint64_t auditLost = v.audit ? v.audit->lost : 0;
        v.lost = auditLost + v.failed + v.inFlightAtEnd;
        v.lossFraction = v.sent ? static_cast<double>(v.lost) / static_cast<double>(v.sent) : 0;
        v.lossHeld = r.lossAny() || (r.lossNone() ? v.lost == 0 : v.lossFraction <= r.lossTolerance);
        v.duplicatesHeld = r.duplicatesOk || (v.audit && v.audit->duplicated == 0);
    } catch (const std::exception& e) {
        v.error = e.what();
    }
    return v;
}

std::string verifyText(const Advice& advice, const VerifyResult& v) {
    const auto& r = advice.requirements;
    std::string out = "verify " + advice.profile.name() + " on " + v.cluster + ", topic " + v.topic + "\n";
    if (!v.error.empty()) out += "  could not verify: " + v.error + "\n";
    out += "  steady: " + thousands(v.steadyDelivered) + " delivered; after the first second (" + thousands(v.steadyMeasured) + " reports) latency p50 " + fixed(v.steadyP50Ms) + " ms, p99 " +
           fixed(v.steadyP99Ms) + " ms (bound " + std::to_string(r.maxLatencyMs) + " ms): " +
           (v.latencyHeld ? "held" : "NOT held") + "\n";
    for (const auto& f : v.faults)
        out += "  fault at " + fixed(f.atMs / 1000.0) + " s: " + f.spec + ": " + (f.ok ? "" : "FAILED: ") + f.result + "\n";
    out += "  fault run: sent " + thousands(v.sent) + ", delivered " + thousands(v.delivered) + ", failed " +
           thousands(v.failed) + ", in flight at end " + thousands(v.inFlightAtEnd) + "\n";
    if (v.audit)
        out += "  audit: read " + thousands(v.audit->read) + ", lost (acknowledged, not found) " + thousands(v.audit->lost) +
               ", duplicated " + thousands(v.audit->duplicated) + ", reordered " + thousands(v.audit->reordered) + "\n";
    if (v.e2e)
        out += "  e2e: seen " + thousands(v.e2e->totals.seen) + ", lost " + thousands(v.e2e->totals.lost) +
               ", duplicated " + thousands(v.e2e->totals.duplicated) + ", e2e latency p99 " +
               fixed(static_cast<double>(v.e2e->totals.latency.percentile(0.99)) / 1000.0) + " ms\n";
    out += "  loss: " + thousands(v.lost) + " of " + thousands(v.sent) + " (" + fixed(v.lossFraction * 100, 3) +
           " %; tolerance " + r.lossText() + "): " + (v.lossHeld ? "held" : "NOT held") + "\n";
    out += "  duplicates: " + std::string(r.duplicatesOk ? "allowed" : "none allowed") + ": " +
           (v.duplicatesHeld ? "held" : "NOT held") + "\n";
    out += std::string("requirement ") + (v.held() ? "HELD" : "NOT HELD") + "\n";
    return out;
}

}  // namespace acklab
