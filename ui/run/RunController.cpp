#include "run/RunController.h"

#include "audit/Auditor.h"
#include "audit/E2eTracker.h"
#include "scenario/RunRecords.h"

#include <QCoreApplication>
#include <QTimer>

namespace acklab::ui {

RunController::RunController(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(33);  // ~30 Hz
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &RunController::tick);
}

RunController::~RunController() {
    timer_->stop();
    ++generation_;  // whatever is still in flight reports to nobody
    if (builder_.joinable()) builder_.join();
    release();
    background_.waitIdle();
}

void RunController::release() {
    // The previous run's threads and session go to the background worker: joining a producer flushes for up
    // to seconds, and a scheduler's stop undoes `for=` faults (a Local Kafka restart takes up to two minutes).
    // The audit is joined there before the session (and the clusters it reads) goes.
    struct Old {
        std::thread audit;
        std::unique_ptr<RunSession> session;
        std::shared_ptr<void> keepAlive;
    };
    auto old = std::make_shared<Old>();
    old->audit = std::move(audit_);
    old->session = std::move(session_);
    old->keepAlive = std::move(keepAlive_);
    audit_ = std::thread();
    if (!old->audit.joinable() && !old->session && !old->keepAlive) return;
    background_.post([old] {
        if (old->audit.joinable()) old->audit.join();
        old->session.reset();  // stops and joins the producers before the clusters go
        old->keepAlive.reset();
    });
}

int RunController::tickIntervalMs() const { return timer_->interval(); }
void RunController::setTickIntervalMs(int ms) { timer_->setInterval(ms); }

void RunController::waitForBackgroundWork() {
    if (builder_.joinable()) builder_.join();
    QCoreApplication::processEvents();  // the builder's hand-over
    background_.waitIdle();
    if (audit_.joinable()) audit_.join();
}

bool RunController::start(RunSpec spec, Cluster* shared, QString* error) {
    if (running()) {
        if (error) *error = tr("a run is already going");
        return false;
    }
    if (builder_.joinable()) builder_.join();  // done: it posted its result before it ended
    starting_ = true;
    stopWhileStarting_ = false;
    const uint64_t gen = ++generation_;
    // Building a session creates clusters and producers and, on Local Kafka, a topic: not on the UI thread.
    builder_ = std::thread([this, gen, spec = std::move(spec), shared]() mutable {
        auto built = std::make_shared<std::unique_ptr<RunSession>>();
        QString why;
        try {
            *built = std::make_unique<RunSession>(std::move(spec), shared);
        } catch (const std::exception& e) {
            why = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, gen, built, why] {
                if (gen != generation_) {  // superseded, or the controller is going
                    background_.post([built] { built->reset(); });
                    return;
                }
                starting_ = false;
                if (!why.isEmpty()) {
                    emit startFailed(why);
                    return;
                }
                if (stopWhileStarting_) {
                    background_.post([built] { built->reset(); });
                    emit startFailed(tr("stopped before it started"));
                    return;
                }
                begin(std::move(*built), {}, 60'000);
            },
            Qt::QueuedConnection);
    });
    return true;
}

bool RunController::start(std::unique_ptr<RunSession> session, QString* error, std::shared_ptr<void> keepAlive,
                          int64_t auditTimeoutMs) {
    if (running()) {
        if (error) *error = tr("a run is already going");
        return false;
    }
    if (!session) {
        if (error) *error = tr("no session");
        return false;
    }
    ++generation_;
    return begin(std::move(session), std::move(keepAlive), auditTimeoutMs);
}

bool RunController::begin(std::unique_ptr<RunSession> session, std::shared_ptr<void> keepAlive, int64_t auditTimeoutMs) {
    timer_->stop();
    if (session_) emit aboutToReplaceSession();
    release();
    records_.clear();
    keepAlive_ = std::move(keepAlive);
    session_ = std::move(session);
    auditTimeoutMs_ = auditTimeoutMs;
    const size_t n = session_->size();
    timelineAt_.assign(n, 0);
    eventsAt_.assign(n, 0);
    clusterFaultsAt_.assign(n, 0);
    producerFaultsAt_.assign(n, 0);
    e2eAt_.assign(n, 0);
    done_ = false;
    session_->start();
    emit started(profileNames());
    timer_->start();
    return true;
}

void RunController::stop() {
    if (starting_) stopWhileStarting_ = true;
    if (session_) session_->requestStop();
}

QStringList RunController::profileNames() const {
    QStringList out;
    if (!session_) return out;
    for (const auto& p : session_->spec().profiles) out << QString::fromStdString(p.name());
    return out;
}

QString RunController::clusterDescription() const {
    return session_ ? QString::fromStdString(session_->cluster(0).describe()) : QString();
}

FiredFault RunController::fireNow(const FaultSpec& fault) {
    FiredFault first;
    if (!session_) {
        first.result = "no run";
        return first;
    }
    const bool perRun = session_->spec().cluster.kind == ClusterChoice::Kind::Embedded;
    const size_t n = perRun ? session_->size() : 1;
    for (size_t i = 0; i < n; ++i) {
        auto r = session_->fireNow(i, fault);
        if (i == 0) first = r;
    }
    return first;
}

void RunController::fireInBackground(const FaultSpec& fault) {
    if (!session_) return;
    // On the same worker as the session's teardown, so the session outlives the fault. The result reaches the
    // window through the session's fault lists, polled on the next tick.
    RunSession* s = session_.get();
    const bool perRun = s->spec().cluster.kind == ClusterChoice::Kind::Embedded;
    background_.post([s, fault, perRun] {
        const size_t n = perRun ? s->size() : 1;
        for (size_t i = 0; i < n; ++i) s->fireNow(i, fault);
    });
}

void RunController::emitNewFaults() {
    for (size_t i = 0; i < session_->size(); ++i) {
        // Two lists, each only growing at its end; an abort or a zombie shows when the producer carries it out.
        auto emitFrom = [this, i](const std::vector<FiredFault>& fired, size_t& at) {
            for (size_t f = at; f < fired.size(); ++f) emit faultFired(static_cast<int>(i), fired[f]);
            at = fired.size();
        };
        emitFrom(session_->clusterFaults(i), clusterFaultsAt_[i]);
        emitFrom(session_->producerFaults(i), producerFaultsAt_[i]);
    }
}

void RunController::tick() {
    if (!session_) return;
    const bool allDone = !done_ && session_->finished();  // read before the snapshots so the last points are in
    for (size_t i = 0; i < session_->size(); ++i) {
        const RunSnapshot snap = session_->run(i).snapshot(timelineAt_[i], eventsAt_[i]);
        timelineAt_[i] = snap.timelineEnd;
        eventsAt_[i] = snap.eventsEnd;
        emit snapshotTaken(static_cast<int>(i), snap);
        if (const E2eTracker* t = session_->tracker(i)) {
            const E2eSnapshot e = t->snapshot(e2eAt_[i]);
            e2eAt_[i] = e.pointsEnd;
            emit e2eTaken(static_cast<int>(i), e);
        }
    }
    emitNewFaults();
    emit ticked();
    if (allDone) finish();
}

void RunController::finish() {
    done_ = true;
    records_ = collectRecords(*session_);
    // The timer keeps ticking after the end: fault undos (below, in the background) still reach the plots.
    emit finished();
    // Stopping the schedulers undoes `for=` faults, which can take minutes on Local Kafka: in the background.
    RunSession* s = session_.get();
    const uint64_t gen = generation_;
    background_.post([this, s, gen] {
        s->wait();
        QMetaObject::invokeMethod(
            this,
            [this, gen] {
                if (gen != generation_ || !session_) return;
                timer_->stop();
                emitNewFaults();
                for (size_t i = 0; i < records_.size() && i < session_->size(); ++i) records_[i].faults = session_->faults(i);
                emit ticked();
            },
            Qt::QueuedConnection);
    });
    if (!session_->spec().audit) return;
    // The audit reads the topic back: seconds of work, off the UI thread. The session (and its clusters)
    // stays alive until the thread is joined (in the background, before the session goes).
    std::vector<AuditOptions> opts;
    for (size_t i = 0; i < session_->size(); ++i)
        opts.push_back(auditOptionsFor(*session_, i, records_[i].result.runId, auditTimeoutMs_));
    // A copy of the records: the thread fills in their audits (a transactional run's per isolation level).
    audit_ = std::thread([this, gen, opts = std::move(opts), audited = records_]() mutable {
        for (size_t i = 0; i < opts.size() && i < audited.size(); ++i) auditRecord(opts[i], audited[i]);
        QMetaObject::invokeMethod(
            this,
            [this, gen, audited = std::move(audited)] {
                if (gen != generation_) return;  // an older run's audit: its records are gone
                for (size_t i = 0; i < audited.size() && i < records_.size(); ++i) {
                    records_[i].audit = audited[i].audit;
                    records_[i].txnAudit = audited[i].txnAudit;
                }
                emit auditFinished();
            },
            Qt::QueuedConnection);
    });
}

}  // namespace acklab::ui
