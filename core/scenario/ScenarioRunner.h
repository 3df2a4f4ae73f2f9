#pragma once
// Carries out a Scenario: builds the RunSpec, runs it `repeat` times (audit when asked), evaluates the
// expectations per profile and run. Usable in one call (run) or step by step (the window plays a scenario):
//
//   ScenarioRunner runner(Scenario::load(path));
//   runner.connect();                                  // local/external: is the cluster there? (throws)
//   auto session = runner.makeSession(0, listener);    // RunSession over the scenario's RunSpec
//   session->start();  ... poll session->run(i).snapshot() ...  session->wait();
//   auto records = runner.collect(*session);           // RunRecords, audited when the scenario says so
//   auto outcomes = runner.evaluate(records, 0);       // every expectation that applies, per profile
#include "cluster/LocalKafkaCluster.h"
#include "scenario/Scenario.h"
#include "scenario/ScenarioResult.h"
#include "traffic/RunSession.h"

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

// The scenario's cluster is not there (local Kafka not up, external bootstrap not answering). what() says
// what to do ("start it with `acklab-cli cluster up`"). The CLI exits 3.
class ClusterUnreachableError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ScenarioRunner {
public:
    struct Hooks {
        RunSession::FaultListener onFault;                      // on the fault scheduler's or the run's thread
        std::function<void(int repeat, RunSession&)> onStarted; // after start(); may poll until finished()
        std::function<void(const ScenarioRunResult&)> onRunDone;
    };

    explicit ScenarioRunner(Scenario scenario);
    ~ScenarioRunner();
    ScenarioRunner(const ScenarioRunner&) = delete;
    ScenarioRunner& operator=(const ScenarioRunner&) = delete;

    const Scenario& scenario() const { return scenario_; }

    // Embedded: nothing to check. Local: every LocalKafka node must be running. External: metadata must
    // answer within 5 s. Throws ClusterUnreachableError naming the fix. Idempotent.
    void connect();
    // The shared cluster of local scenarios (null before connect() and for the other kinds).
    Cluster* sharedCluster() const { return local_.get(); }
    // The topic repeat `repeat` uses: traffic.topic, or a fresh "<topic>-<suffix>" for a replica layout.
    std::string topicFor(int repeat);
    // Builds the session of one repeat (creates the layout topic first when the scenario has one).
    // Calls connect() when needed. Throws ClusterUnreachableError, RunError, or std::runtime_error.
    std::unique_ptr<RunSession> makeSession(int repeat, const RunSession::FaultListener& listener = {});
    // After the session finished: one record per profile; audited when the scenario asks for it.
    std::vector<RunRecord> collect(RunSession& session) const;
    // Every expectation that applies to each record's profile, in file order, profile by profile.
    std::vector<ExpectationResult> evaluate(const std::vector<RunRecord>& records, int repeat) const;

    // All repeats, one after the other.
    ScenarioResult run(const Hooks& hooks = {});

private:
    Scenario scenario_;
    std::unique_ptr<LocalKafkaCluster> local_;
    bool connected_ = false;
    std::vector<std::string> topics_;  // per repeat, once chosen
};

}  // namespace acklab
