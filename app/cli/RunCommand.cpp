// acklab-cli run / compare.
#include "Args.h"
#include "ClusterFlags.h"
#include "Commands.h"

#include "audit/Auditor.h"
#include "cluster/ExternalCluster.h"
#include "cluster/LocalKafkaCluster.h"
#include "profile/Presets.h"
#include "profile/ProfileValidator.h"
#include "scenario/Expectation.h"
#include "scenario/RunRecords.h"
#include "scenario/RunReport.h"
#include "traffic/RunSession.h"

#include <iostream>
#include <sstream>

namespace acklab::cli {
namespace {

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string part; std::getline(ss, part, ',');)
        if (!part.empty()) out.push_back(part);
    return out;
}

std::pair<std::string, std::string> keyValue(const std::string& flag, const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError(flag + ": '" + kv + "' is not key=value");
    return {kv.substr(0, eq), kv.substr(eq + 1)};
}

void progressLine(const RunSession& s) {
    std::ostringstream o;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto snap = s.run(i).snapshot(SIZE_MAX, SIZE_MAX);
        const auto& c = snap.counters;
        o << (i ? " | " : "") << snap.profileName << ": sent " << c.sent << " ok " << c.delivered << " failed " << c.failed
          << " dlq " << c.dlq() << " in-flight " << c.inFlight();
    }
    std::cerr << "\r" << o.str() << "   " << std::flush;
}

}  // namespace

// Shared with `scenario`: builds the records (with audit) after a session ends.
int runCommand(const std::vector<std::string>& argv, bool compare) {
    Args a(argv,
           {"--embedded", "--bootstrap", "--profile", "--profiles", "--topic", "--partitions", "--messages",
            "--duration", "--rate", "--size", "--template", "--keys", "--key-space", "--dlq-topic", "--dlq-file",
            "--report", "--csv", "--drain-timeout", "--interval", "--audit-timeout", "--e2e-grace", "--txn-messages",
            "--txn-duration", "--txn-topics", "--abort-every", "--abort-share"},
           {"--audit", "--e2e", "--quiet", "--json", "--no-dlq-topic", "--local", "--txn-rebuild"}, {"-X", "--fault", "--fail-on", "--security"});
    if (!a.positionals().empty()) throw UsageError("unexpected argument '" + a.positionals()[0] + "'");

    RunSpec spec;
    ClusterFlags clusterFlags = readClusterFlags(a);
    if (clusterFlags.localDown) return kUnreachable;
    spec.cluster = clusterFlags.choice;
    std::unique_ptr<LocalKafkaCluster> local = std::move(clusterFlags.local);

    std::vector<std::string> names;
    if (compare) {
        if (a.has("--profile")) throw UsageError("--profile: compare takes --profiles A,B,...");
        if (!a.has("--profiles")) throw UsageError("--profiles: missing (e.g. --profiles critical,analytics,metrics)");
        names = splitList(*a.value("--profiles"));
        if (names.size() < 2) throw UsageError("--profiles: name at least two profiles, separated by commas");
    } else {
        if (a.has("--profiles")) throw UsageError("--profiles: use `acklab-cli compare` to run several profiles");
        names.push_back(a.value("--profile").value_or("critical"));
    }
    std::vector<std::pair<std::string, std::string>> overrides;
    for (const auto& kv : a.values("-X")) overrides.push_back(keyValue("-X", kv));
    for (const auto& n : names) {
        ProducerProfile p;
        try {
            p = resolveProfile(n);
        } catch (const ProfileError& e) {
            throw UsageError(std::string(compare ? "--profiles" : "--profile") + ": " + e.what());
        }
        for (const auto& [k, v] : overrides) p.set(k, v);
        const auto v = validateProfile(p);
        if (!v.ok()) {
            std::string msg = "profile '" + p.name() + "' is not valid:\n";
            for (const auto& i : v.issues)
                if (i.severity == ValidationIssue::Severity::Error) msg += "  " + (i.key.empty() ? "" : i.key + ": ") + i.message + "\n";
            throw UsageError(msg.substr(0, msg.size() - 1));
        }
        spec.profiles.push_back(std::move(p));
    }

    auto& t = spec.traffic;
    t.topic = a.value("--topic").value_or(t.topic);
    t.partitions = static_cast<int>(a.integer("--partitions", t.partitions, 1, 1000));
    if (a.has("--messages") && a.has("--duration")) throw UsageError("--messages and --duration: choose one");
    t.messages = a.integer("--messages", t.messages, 1, 10'000'000'000LL);
    if (auto d = a.durationMs("--duration")) {
        if (*d <= 0) throw UsageError("--duration: must be more than 0");
        t.durationMs = *d;
    }
    t.rate = a.number("--rate", 0, 0, 100'000'000);
    if (a.has("--size") && a.has("--template")) throw UsageError("--size and --template: choose one");
    t.valueSize = a.integer("--size", t.valueSize, 0, 100LL * 1024 * 1024);
    if (auto tpl = a.value("--template")) t.valueTemplate = *tpl == "task.created" ? TrafficSpec::taskCreatedTemplate() : *tpl;
    if (auto k = a.value("--keys")) {
        if (*k == "none") t.keys = TrafficSpec::KeyMode::None;
        else if (*k == "sequential") t.keys = TrafficSpec::KeyMode::Sequential;
        else if (*k == "random") t.keys = TrafficSpec::KeyMode::Random;
        else throw UsageError("--keys: '" + *k + "' (expected none, sequential or random)");
    }
    t.keySpace = a.integer("--key-space", t.keySpace, 1, 1'000'000'000);
    auto& x = t.transaction;
    if (a.has("--txn-messages") && a.has("--txn-duration")) throw UsageError("--txn-messages and --txn-duration: choose one");
    x.messages = a.integer("--txn-messages", 0, 1, 1'000'000);
    if (auto d = a.durationMs("--txn-duration")) {
        if (*d <= 0) throw UsageError("--txn-duration: must be more than 0");
        x.durationMs = *d;
    }
    if (auto topics = a.value("--txn-topics")) {
        if (a.has("--topic")) throw UsageError("--topic and --txn-topics: the first of --txn-topics is the topic");
        x.topics = splitList(*topics);
        if (x.topics.empty()) throw UsageError("--txn-topics: name at least one topic (e.g. task-created,audit-log)");
        t.topic = x.topics.front();
    }
    if (a.has("--abort-every") && a.has("--abort-share")) throw UsageError("--abort-every and --abort-share: choose one");
    x.abortEvery = a.integer("--abort-every", 0, 2, 1'000'000);
    x.abortShare = a.number("--abort-share", 0, 0, 1);
    x.rebuildOnFatal = a.has("--txn-rebuild");
    try {
        t.validate();
    } catch (const TrafficSpecError& e) {
        std::string msg;
        for (const auto& p : e.problems()) msg += (msg.empty() ? "--" : "\n--") + p;
        throw UsageError(msg);
    }
    for (const auto& f : a.values("--fault")) {
        try {
            spec.faults.push_back(FaultSpec::parse(f));
        } catch (const FaultSpecError& e) {
            throw UsageError(std::string("--fault: ") + e.what());
        }
        // A fault the chosen cluster cannot take is bad input (exit 2), found before any cluster starts.
        const auto& fs = spec.faults.back();
        const auto kind = spec.cluster.kind;
        if (fs.isProducerKind()) continue;  // abort / zombie: the producer's own, on any cluster
        if (kind == ClusterChoice::Kind::External)
            throw UsageError("--fault '" + f + "': not possible on an external cluster (AckLab does not break clusters it does not own)");
        if (kind == ClusterChoice::Kind::Embedded && fs.isProcessKind())
            throw UsageError("--fault '" + f + "': not possible on the embedded cluster (process faults need Local Kafka)");
        if (kind == ClusterChoice::Kind::Local && !fs.isProcessKind())
            throw UsageError("--fault '" + f + "': not possible on local Kafka (down/up/rtt/error/leader need the embedded cluster)");
    }
    spec.dlqTopic = a.has("--no-dlq-topic") ? "" : a.value("--dlq-topic").value_or(spec.dlqTopic);
    spec.dlqFile = a.value("--dlq-file").value_or("");
    spec.audit = a.has("--audit");
    spec.e2e = a.has("--e2e");
    if (auto g = a.durationMs("--e2e-grace")) {
        if (!spec.e2e) throw UsageError("--e2e-grace: only with --e2e");
        if (*g < 0 || *g > 3'600'000) throw UsageError("--e2e-grace: must be 0 to 1 hour");
        spec.e2eGraceMs = *g;
    }
    spec.intervalMs = a.integer("--interval", 100, 10, 60'000);
    if (auto d = a.durationMs("--drain-timeout")) spec.drainTimeoutMs = *d;
    const int64_t auditTimeout = a.durationMs("--audit-timeout").value_or(60'000);
    std::vector<Expectation> failOn;
    for (const auto& c : a.values("--fail-on")) {
        try {
            failOn.push_back(Expectation::parse(c));
        } catch (const ExpectationError& e) {
            throw UsageError(std::string("--fail-on: ") + e.what());
        }
    }

    if (spec.cluster.kind == ClusterChoice::Kind::External) {
        std::string err;
        const auto view = ExternalCluster::metadataView(spec.cluster.bootstrap, spec.cluster.properties, "", 5000, &err);
        if (view.brokers.empty()) {
            std::cerr << "acklab-cli: cluster unreachable at " << spec.cluster.bootstrap << ": "
                      << (err.empty() ? "no brokers answered" : err) << "\n";
            return kUnreachable;
        }
    }

    const bool quiet = a.has("--quiet");
    RunSession session(std::move(spec), local.get(), [quiet](size_t i, const FiredFault& f) {
        if (!quiet && i == 0)
            std::cerr << "\n[fault at " << f.atMs << " ms] " << f.spec << ": " << (f.ok ? "" : "FAILED: ") << f.result << "\n";
    });
    session.start();
    while (!session.finished()) {
        session.run(0).wait(std::chrono::milliseconds(1000));
        if (!quiet) progressLine(session);
    }
    session.wait();
    if (!quiet) std::cerr << "\n";

    const auto records = collectRecords(session, session.spec().audit, auditTimeout);
    const nlohmann::json report = records.size() == 1 ? reportJson(records[0]) : compareJson(records);
    if (a.has("--json")) std::cout << report.dump(2) << "\n";
    else {
        for (const auto& r : records) std::cout << summaryText(r);
        if (compare) std::cout << "\n" << compareTable(records);
    }
    if (auto path = a.value("--report")) writeTextFile(*path, report.dump(2) + "\n");
    if (auto path = a.value("--csv")) {
        std::string csv;
        for (const auto& r : records) csv += (records.size() > 1 ? "# profile " + r.result.profileName + "\n" : "") + timelineCsv(r);
        writeTextFile(*path, csv);
    }

    int status = kOk;
    for (const auto& r : records) {
        const auto j = reportJson(r);
        for (const auto& e : failOn) {
            const auto o = e.evaluate(j);
            // --fail-on names a bad outcome: the run "fails" when the condition holds.
            if (o.met) {
                std::cerr << "fail-on (" << r.result.profileName << "): " << e.text << " holds (actual " << o.actual << ")\n";
                status = kConditionFailed;
            }
        }
    }
    return status;
}

}  // namespace acklab::cli
