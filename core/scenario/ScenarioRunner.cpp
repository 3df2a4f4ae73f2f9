#include "scenario/ScenarioRunner.h"

#include "audit/Auditor.h"
#include "scenario/RunRecords.h"
#include "cluster/ExternalCluster.h"

#include <chrono>

namespace acklab {

ScenarioRunner::ScenarioRunner(Scenario scenario) : scenario_(std::move(scenario)) {}

ScenarioRunner::~ScenarioRunner() = default;

void ScenarioRunner::connect() {
    if (connected_) return;
    switch (scenario_.cluster.kind) {
        case ClusterChoice::Kind::Embedded: break;
        case ClusterChoice::Kind::Local: {
            auto local = std::make_unique<LocalKafkaCluster>();
            LocalKafkaStatus status;
            try {
                status = local->kafka().status();
            } catch (const std::exception& e) {
                throw ClusterUnreachableError(std::string("local Kafka: ") + e.what());
            }
            if (status.nodes.empty() || status.running() != static_cast<int>(status.nodes.size()))
                throw ClusterUnreachableError("local Kafka is not running (" + std::to_string(status.running()) + " of " +
                                              std::to_string(status.nodes.size()) +
                                              " nodes up): start it with `acklab-cli cluster up` (about 20 s), "
                                              "stop it afterwards with `acklab-cli cluster down`");
            local_ = std::move(local);
            break;
        }
        case ClusterChoice::Kind::External: {
            std::string err;
            const auto view = ExternalCluster::metadataView(scenario_.cluster.bootstrap, scenario_.cluster.properties,
                                                            "", 5000, &err);
            if (view.brokers.empty())
                throw ClusterUnreachableError("cluster unreachable at " + scenario_.cluster.bootstrap + ": " +
                                              (err.empty() ? "no brokers answered" : err));
            break;
        }
    }
    connected_ = true;
}

std::string ScenarioRunner::topicFor(int repeat) {
    if (repeat < 0) repeat = 0;
    while (static_cast<int>(topics_.size()) <= repeat) {
        std::string t = scenario_.traffic.topic;
        if (scenario_.topicLayout) {
            // A fresh topic per run: its replicas (and so its leader) are exactly the layout asked for.
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
            t += "-" + std::to_string(ms % 100'000'000) + "-" + std::to_string(topics_.size() + 1);
        }
        topics_.push_back(t);
    }
    return topics_[static_cast<size_t>(repeat)];
}

std::unique_ptr<RunSession> ScenarioRunner::makeSession(int repeat, const RunSession::FaultListener& listener) {
    connect();
    const std::string topic = topicFor(repeat);
    if (scenario_.topicLayout && local_) {
        TopicSpec t;
        t.name = topic;
        t.partitions = scenario_.traffic.partitions;
        t.replicaAssignment = scenario_.topicLayout->replicaAssignment;
        t.configs = scenario_.topicLayout->configs;
        try {
            local_->kafka().createTopic(t);
        } catch (const std::exception& e) {
            const std::string what = e.what();
            if (what.find("TOPIC_ALREADY_EXISTS") == std::string::npos)
                throw RunError("topic '" + topic + "' with replicas " + scenario_.topicLayout->replicaAssignmentText +
                               ": " + what);
        }
    }
    return std::make_unique<RunSession>(scenario_.runSpec(topic), local_.get(), listener);
}

std::vector<RunRecord> ScenarioRunner::collect(RunSession& session) const {
    return collectRecords(session, scenario_.audit, scenario_.auditTimeoutMs);
}

std::vector<ExpectationResult> ScenarioRunner::evaluate(const std::vector<RunRecord>& records, int repeat) const {
    std::vector<ExpectationResult> out;
    for (const auto& rec : records) {
        const nlohmann::json report = reportJson(rec);
        for (const auto& e : scenario_.expectationsFor(rec.result.profileName)) {
            const auto o = e.expectation.evaluate(report);
            ExpectationResult r;
            r.text = e.expectation.text;
            r.where = e.where;
            r.profile = rec.result.profileName;
            r.repeat = repeat;
            r.met = o.met;
            r.actual = o.actual;
            r.message = o.message;
            if (rec.audit && !rec.audit->ok && e.expectation.path.rfind("audit.", 0) == 0) {
                r.met = false;
                r.message = e.expectation.text + ": NOT met (the audit did not complete: " + rec.audit->error + ")";
            }
            if (rec.e2e && !rec.e2e->complete && e.expectation.path.rfind("e2e.", 0) == 0) {
                r.met = false;
                r.message = e.expectation.text + ": NOT met (the live tracker did not judge every record: " +
                            rec.e2e->error + ")";
            }
            out.push_back(std::move(r));
        }
    }
    return out;
}

ScenarioResult ScenarioRunner::run(const Hooks& hooks) {
    ScenarioResult result;
    result.name = scenario_.name;
    result.description = scenario_.description;
    result.cluster = scenario_.clusterText();
    connect();
    for (int r = 0; r < scenario_.repeat; ++r) {
        auto session = makeSession(r, hooks.onFault);
        session->start();
        if (hooks.onStarted) hooks.onStarted(r, *session);
        session->wait();
        ScenarioRunResult run;
        run.repeat = r;
        run.topic = session->spec().traffic.topic;
        run.records = collect(*session);
        run.expectations = evaluate(run.records, r);
        if (hooks.onRunDone) hooks.onRunDone(run);
        result.runs.push_back(std::move(run));
    }
    return result;
}

}  // namespace acklab
