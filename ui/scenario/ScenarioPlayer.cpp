#include "scenario/ScenarioPlayer.h"

#include "run/RunController.h"
#include "scenario/ScenarioRunner.h"

namespace acklab::ui {

// What the worker hands over. The session borrows the runner's local cluster: it is declared after the runner
// so it goes first.
struct ScenarioPlayer::Prepared {
    std::shared_ptr<ScenarioRunner> runner;
    std::unique_ptr<RunSession> session;
    int repeat = 0;
};

ScenarioPlayer::ScenarioPlayer(RunController& controller, QObject* parent) : QObject(parent), controller_(controller) {
    connect(&controller_, &RunController::finished, this, [this] { onRunEnded(false); });
    connect(&controller_, &RunController::auditFinished, this, [this] { onRunEnded(true); });
}

ScenarioPlayer::~ScenarioPlayer() {
    if (worker_.joinable()) worker_.join();
}

bool ScenarioPlayer::play(const Scenario& scenario, QString* error) {
    if (playing_ || controller_.running()) {
        if (error) *error = tr("a run is already going: stop it first");
        return false;
    }
    runner_ = std::make_shared<ScenarioRunner>(scenario);
    result_ = ScenarioResult{};
    result_.name = scenario.name;
    result_.description = scenario.description;
    result_.cluster = scenario.clusterText();
    repeats_ = std::max(1, scenario.repeat);
    playing_ = true;
    stopRequested_ = false;
    prepare(0);
    return true;
}

void ScenarioPlayer::stop() {
    stopRequested_ = true;
    if (mine_ && controller_.running()) controller_.stop();
}

void ScenarioPlayer::prepare(int repeat) {
    if (worker_.joinable()) worker_.join();
    repeat_ = repeat;
    const bool local = runner_->scenario().cluster.kind == ClusterChoice::Kind::Local;
    emit progress(local ? tr("checking local Kafka and preparing the topic…") : tr("preparing the run…"));
    worker_ = std::thread([this, runner = runner_, repeat] {
        auto p = std::make_shared<Prepared>();
        p->runner = runner;
        p->repeat = repeat;
        QString error;
        try {
            p->session = runner->makeSession(repeat);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, p, error] { onPrepared(p, error); }, Qt::QueuedConnection);
    });
}

void ScenarioPlayer::onPrepared(const std::shared_ptr<Prepared>& p, const QString& error) {
    if (p->runner != runner_) return;  // from an earlier play
    if (!error.isEmpty()) return end(error);
    if (stopRequested_) return end({});
    QString why;
    const RunSession* session = p->session.get();
    if (!controller_.start(std::move(p->session), &why, p->runner, runner_->scenario().auditTimeoutMs)) return end(why);
    mine_ = session;
    emit progress(repeats_ > 1 ? tr("playing, repeat %1 of %2…").arg(p->repeat + 1).arg(repeats_) : tr("playing…"));
}

void ScenarioPlayer::onRunEnded(bool audited) {
    if (!mine_ || controller_.session() != mine_) return;
    if (!audited && controller_.session()->spec().audit) {
        emit progress(tr("reading the topic back (audit)…"));
        return;  // evaluated when the audit is in
    }
    mine_ = nullptr;
    ScenarioRunResult run;
    run.repeat = repeat_;
    run.topic = controller_.session()->spec().traffic.topic;
    run.records = controller_.records();
    run.expectations = runner_->evaluate(run.records, repeat_);
    result_.runs.push_back(run);
    emit repeatDone(run);
    if (repeat_ + 1 < repeats_ && !stopRequested_) prepare(repeat_ + 1);
    else end({});
}

void ScenarioPlayer::end(const QString& failure) {
    playing_ = false;
    mine_ = nullptr;
    if (!failure.isEmpty()) emit failed(failure);
    else emit finished(result_);
}

}  // namespace acklab::ui
