#pragma once
// Plays a Scenario through the window's RunController, so its runs feed the same plots, event log, compare
// table and DLQ tab as any run (fault markers included). Each repeat's session is built off the UI thread
// (a local-Kafka scenario checks the cluster and may create its topic: seconds); after each repeat the
// expectations are evaluated on the run's records (after the audit, when the scenario asks for one).
#include "scenario/Scenario.h"
#include "scenario/ScenarioResult.h"

#include <QObject>

#include <memory>
#include <thread>

namespace acklab {
class RunSession;
class ScenarioRunner;
}  // namespace acklab

namespace acklab::ui {

class RunController;

class ScenarioPlayer : public QObject {
    Q_OBJECT
public:
    explicit ScenarioPlayer(RunController& controller, QObject* parent = nullptr);
    ~ScenarioPlayer() override;

    // Starts playing (asynchronously). False with *error when a run is already going.
    bool play(const acklab::Scenario& scenario, QString* error);
    void stop();  // stops the current repeat; no further repeats
    bool playing() const { return playing_; }
    const acklab::ScenarioResult& result() const { return result_; }

signals:
    void progress(const QString& text);
    void failed(const QString& why);  // could not start (e.g. local Kafka not up); playing() is false again
    void repeatDone(const acklab::ScenarioRunResult& run);
    void finished(const acklab::ScenarioResult& result);

private:
    struct Prepared;
    void prepare(int repeat);
    void onPrepared(const std::shared_ptr<Prepared>& prepared, const QString& error);
    void onRunEnded(bool audited);
    void end(const QString& failure);

    RunController& controller_;
    std::shared_ptr<acklab::ScenarioRunner> runner_;
    std::thread worker_;
    const acklab::RunSession* mine_ = nullptr;
    int repeat_ = 0;
    int repeats_ = 1;
    bool playing_ = false;
    bool stopRequested_ = false;
    acklab::ScenarioResult result_;
};

}  // namespace acklab::ui
