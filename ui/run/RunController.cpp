#include "run/RunController.h"

#include "audit/Auditor.h"

#include <QTimer>

namespace acklab::ui {

RunController::RunController(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(33);  // ~30 Hz
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &RunController::tick);
}

RunController::~RunController() {
    timer_->stop();
    release();
}

void RunController::release() {
    if (audit_.joinable()) audit_.join();
    if (faultWorker_.joinable()) faultWorker_.join();
    session_.reset();  // stops and joins the producers before the clusters go
    keepAlive_.reset();
}

int RunController::tickIntervalMs() const { return timer_->interval(); }
void RunController::setTickIntervalMs(int ms) { timer_->setInterval(ms); }

bool RunController::start(RunSpec spec, Cluster* shared, QString* error) {
    if (running()) {
        if (error) *error = tr("a run is already going");
        return false;
    }
    timer_->stop();
    if (session_) emit aboutToReplaceSession();
    release();
    records_.clear();
    std::unique_ptr<RunSession> session;
    try {
        session = std::make_unique<RunSession>(std::move(spec), shared);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    return start(std::move(session), error);
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
    faultsAt_.assign(n, 0);
    done_ = false;
    session_->start();
    emit started(profileNames());
    timer_->start();
    return true;
}

void RunController::stop() {
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
    if (faultWorker_.joinable()) faultWorker_.join();
    // The result reaches the window through faults(i), polled on the next tick.
    faultWorker_ = std::thread([this, fault] { fireNow(fault); });
}

void RunController::tick() {
    if (!session_) return;
    const bool allDone = session_->finished();  // read before the snapshots so the last points are included
    for (size_t i = 0; i < session_->size(); ++i) {
        const RunSnapshot snap = session_->run(i).snapshot(timelineAt_[i], eventsAt_[i]);
        timelineAt_[i] = snap.timelineEnd;
        eventsAt_[i] = snap.eventsEnd;
        emit snapshotTaken(static_cast<int>(i), snap);
        const auto fired = session_->faults(i);
        for (size_t f = faultsAt_[i]; f < fired.size(); ++f) emit faultFired(static_cast<int>(i), fired[f]);
        faultsAt_[i] = fired.size();
    }
    emit ticked();
    if (allDone) finish();
}

void RunController::finish() {
    timer_->stop();
    session_->wait();
    done_ = true;
    records_.clear();
    for (size_t i = 0; i < session_->size(); ++i) {
        RunRecord rec;
        rec.result = session_->run(i).result();
        rec.cluster = session_->cluster(i).describe();
        rec.faults = session_->faults(i);
        records_.push_back(std::move(rec));
    }
    emit finished();
    if (!session_->spec().audit) return;
    // The audit reads the topic back: seconds of work, off the UI thread. The session (and its clusters)
    // stays alive until the thread is joined (next start or destruction).
    std::vector<AuditOptions> opts;
    for (size_t i = 0; i < session_->size(); ++i) {
        AuditOptions ao;
        ao.bootstrap = session_->cluster(i).bootstrapServers();
        ao.clientProperties = session_->cluster(i).clientProperties();
        ao.topic = session_->spec().traffic.topic;
        ao.runId = records_[i].result.runId;
        ao.timeoutMs = auditTimeoutMs_;
        opts.push_back(std::move(ao));
    }
    std::vector<std::vector<MessageOutcome>> outcomes;
    for (const auto& r : records_) outcomes.push_back(r.result.outcomes);
    audit_ = std::thread([this, opts = std::move(opts), outcomes = std::move(outcomes)] {
        std::vector<AuditResult> results;
        for (size_t i = 0; i < opts.size(); ++i) results.push_back(auditRun(opts[i], outcomes[i]));
        QMetaObject::invokeMethod(
            this,
            [this, results = std::move(results)] {
                for (size_t i = 0; i < results.size() && i < records_.size(); ++i) records_[i].audit = results[i];
                emit auditFinished();
            },
            Qt::QueuedConnection);
    });
}

}  // namespace acklab::ui
