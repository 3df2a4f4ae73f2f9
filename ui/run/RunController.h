#pragma once
// Owns the RunSession of the window and pulls it on a ~30 Hz timer: one snapshot per run per tick, asking only
// for the timeline points and events that are new since the last tick (never a signal per message).
//
// Nothing here blocks the UI thread: a session is built on a thread of its own (Local Kafka creates topics),
// and everything that may wait — joining producers, flushing, undoing `for=` faults (a Local Kafka restart
// takes up to two minutes), the audit — runs on background threads. Each start bumps a generation number;
// late results of an older run (its audit, its fault undos) carry theirs and are dropped.
#include "audit/E2eTypes.h"
#include "common/SerialWorker.h"
#include "scenario/RunReport.h"
#include "traffic/RunSession.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

class QTimer;

namespace acklab::ui {

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    // Builds the session off the UI thread and starts it; `started` or `startFailed` follows. Returns false
    // (with *error) only when a run is already going or starting.
    bool start(RunSpec spec, Cluster* shared, QString* error);
    // Starts a session built elsewhere (a scenario's repeat) at once. keepAlive owns what the session borrows
    // (the scenario runner's local cluster) and is released only after the session is gone.
    bool start(std::unique_ptr<RunSession> session, QString* error, std::shared_ptr<void> keepAlive = {},
               int64_t auditTimeoutMs = 60'000);
    void stop();
    bool starting() const { return starting_; }
    bool running() const { return starting_ || (session_ && !done_); }
    bool hasSession() const { return session_ != nullptr; }
    RunSession* session() const { return session_.get(); }
    size_t runCount() const { return session_ ? session_->size() : 0; }
    QStringList profileNames() const;
    QString clusterDescription() const;
    int64_t intervalMs() const { return session_ ? session_->spec().intervalMs : 100; }
    uint64_t generation() const { return generation_; }

    // One-click fault: applied to every run's cluster (embedded: each profile has its own) or once (shared).
    // Returns the first result; the fault reaches the plots and the log through faultFired like any other.
    FiredFault fireNow(const FaultSpec& fault);
    // The same off the UI thread, for faults that take long (Local Kafka restart waits until the node serves).
    void fireInBackground(const FaultSpec& fault);

    const std::vector<RunRecord>& records() const { return records_; }  // after finished()
    int tickIntervalMs() const;
    void setTickIntervalMs(int ms);
    // Runs a task on the worker that also tears sessions down, before any teardown posted after it: for
    // whatever reads a session's clusters (the DLQ tail) and must stop before they go.
    void runInBackground(std::function<void()> task) { background_.post(std::move(task)); }
    // Waits until every background task (teardown, undos, audit) is done: for tests and benchmarks only.
    void waitForBackgroundWork();

signals:
    void aboutToReplaceSession();  // the previous session (and its clusters) is about to go
    void started(const QStringList& profiles);
    void startFailed(const QString& error);
    void snapshotTaken(int run, const acklab::RunSnapshot& snapshot);  // incremental timeline/events
    void e2eTaken(int run, const acklab::E2eSnapshot& snapshot);       // the live tracker's, incremental points
    void faultFired(int run, const acklab::FiredFault& fault);
    void ticked();  // after every run's snapshot of this tick: time to replot
    void finished();
    void auditFinished();

private:
    void tick();
    void finish();
    void release();
    bool begin(std::unique_ptr<RunSession> session, std::shared_ptr<void> keepAlive, int64_t auditTimeoutMs);
    void emitNewFaults();

    SerialWorker background_;          // teardown, fault undos, slow faults: in order, off the UI thread
    std::shared_ptr<void> keepAlive_;  // declared before session_: destroyed after it
    std::unique_ptr<RunSession> session_;
    QTimer* timer_;
    std::vector<size_t> timelineAt_, eventsAt_, clusterFaultsAt_, producerFaultsAt_, e2eAt_;
    std::vector<RunRecord> records_;
    std::thread audit_;
    std::thread builder_;
    bool done_ = false;
    bool starting_ = false;
    bool stopWhileStarting_ = false;
    uint64_t generation_ = 0;
    int64_t auditTimeoutMs_ = 60'000;
};

}  // namespace acklab::ui
