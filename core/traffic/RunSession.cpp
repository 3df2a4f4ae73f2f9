#include "traffic/RunSession.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/ExternalCluster.h"

#include <algorithm>

namespace acklab {
namespace {

// The consumer beside a run: attached to the run's delivery reports before anything is sent.
std::unique_ptr<E2eTracker> makeTracker(const Cluster& c, ProducerRun& run, const RunSpec& spec) {
    E2eOptions e;
    e.bootstrap = c.bootstrapServers();
    e.clientProperties = c.clientProperties();
    e.topic = spec.traffic.topic;
    e.runId = run.runId();
    e.expectedMessages = spec.traffic.durationMs == 0 ? spec.traffic.messages : 0;
    e.intervalMs = spec.intervalMs;
    e.graceMs = spec.e2eGraceMs;
    std::unique_ptr<E2eTracker> t;
    try {
        t = std::make_unique<E2eTracker>(std::move(e));
    } catch (const E2eError& err) {
        throw RunError(err.what());
    }
    run.setOutcomeBoard(&t->board());
    return t;
}

}  // namespace

bool isTransactional(const ProducerProfile& profile, const TrafficSpec& traffic) {
    const auto id = profile.get("transactional.id");
    return traffic.transaction.enabled() || (id && !id->empty());
}

RunSession::RunSession(RunSpec spec, Cluster* shared, const FaultListener& listener)
    : spec_(std::move(spec)), shared_(shared) {
    if (spec_.profiles.empty()) throw RunError("profiles: at least one profile is needed");
    spec_.traffic.validate();
    for (size_t i = 0; i < spec_.profiles.size(); ++i) {
        Cluster* c = nullptr;
        switch (spec_.cluster.kind) {
            case ClusterChoice::Kind::Embedded:
                owned_.push_back(std::make_unique<EmbeddedCluster>(spec_.cluster.brokers, spec_.dlqTopic, spec_.cluster.rttMs));
                c = owned_.back().get();
                break;
            case ClusterChoice::Kind::External:
                if (owned_.empty())
                    owned_.push_back(std::make_unique<ExternalCluster>(spec_.cluster.bootstrap, spec_.cluster.properties));
                c = owned_.front().get();
                break;
            case ClusterChoice::Kind::Local:
                if (!shared_) throw RunError("local cluster: not running (acklab-cli cluster up)");
                c = shared_;
                break;
        }
        std::vector<FaultSpec> clusterFaults, producerFaults;
        for (const auto& f : spec_.faults) (f.isProducerKind() ? producerFaults : clusterFaults).push_back(f);
        if (!producerFaults.empty() && !isTransactional(spec_.profiles[i], spec_.traffic))
            throw RunError("--fault '" + producerFaults.front().text + "': only for transactional runs (a profile with "
                           "transactional.id, or transaction traffic such as --txn-messages)");
        for (const auto& f : clusterFaults)
            if (!c->supportsFault(f))
                throw RunError("--fault '" + f.text + "': not possible on the " + c->kind() + " cluster" +
                               (f.isProcessKind() ? " (process faults need Local Kafka)"
                                                  : " (down/up/rtt/error/leader need the embedded cluster)"));
        for (const auto& topic : spec_.traffic.allTopics())
            if (auto err = spec_.createTopic ? c->prepareTopic(topic, spec_.traffic.partitions) : std::string(); !err.empty())
                throw RunError("topic '" + topic + "': " + err);

        RunOptions o;
        o.profile = spec_.profiles[i];
        o.bootstrap = c->bootstrapServers();
        o.clusterProperties = c->clientProperties();
        o.traffic = spec_.traffic;
        o.dlqTopic = spec_.dlqTopic;
        o.dlqFile = spec_.dlqFile;
        o.recordOutcomes = spec_.audit;
        o.intervalMs = spec_.intervalMs;
        o.statisticsIntervalMs = spec_.statisticsIntervalMs;
        o.drainTimeoutMs = spec_.drainTimeoutMs;
        runs_.push_back(std::make_unique<ProducerRun>(std::move(o)));
        for (const auto& f : producerFaults) runs_.back()->fireProducerFault(f);
        for (auto& f : clusterFaults)
            if (f.broker == "coordinator") {
                // The first run's coordinator when runs share a cluster (only the first run's scheduler fires).
                f.transactionalId = runs_.back()->transactionalId();
                if (f.transactionalId.empty())
                    throw RunError("--fault '" + f.text + "': broker=coordinator needs a transactional run");
            }
        // The live tracker follows one topic by sequence number; a transactional run writes its sequence numbers
        // across several topics and is judged by the transaction audit (audit/TxnAudit) instead.
        const bool track = spec_.e2e && !runs_.back()->transactional();
        trackers_.push_back(track ? makeTracker(*c, *runs_.back(), spec_) : nullptr);
        // Shared real clusters get one scheduler (on the first run); isolated clusters one each.
        const bool ownsFaults = spec_.cluster.kind == ClusterChoice::Kind::Embedded || i == 0;
        FaultScheduler::Listener l;
        if (listener) l = [listener, i](const FiredFault& f) { listener(i, f); };
        runs_.back()->setProducerFaultListener(l);  // the producer's own faults (abort, zombie) are told alike
        schedulers_.push_back(std::make_unique<FaultScheduler>(
            *c, spec_.traffic.topic, ownsFaults ? clusterFaults : std::vector<FaultSpec>{}, std::move(l)));
    }
}

RunSession::~RunSession() {
    requestStop();
    for (auto& r : runs_) r->wait();
    for (auto& s : schedulers_) s->stop();
    runs_.clear();  // producers go before the clusters they talk to (and before the trackers' boards)
    trackers_.clear();
    schedulers_.clear();
    owned_.clear();
}

void RunSession::start() {
    const auto t0 = ProducerRun::Clock::now();
    for (auto& s : schedulers_) s->start(t0);
    for (auto& t : trackers_)
        if (t) t->start(t0);
    for (auto& r : runs_) r->start(t0);
}

void RunSession::requestStop() {
    for (auto& r : runs_) r->requestStop();
}

bool RunSession::finished() const {
    bool all = true;
    for (size_t i = 0; i < runs_.size(); ++i) {
        if (!runs_[i]->finished()) {
            all = false;
            continue;
        }
        if (E2eTracker* t = trackers_[i].get()) {
            t->producerFinished(static_cast<int64_t>(runs_[i]->snapshot(SIZE_MAX, SIZE_MAX).counters.sent));
            all = all && t->done();
        }
    }
    return all;
}

void RunSession::wait() {
    for (auto& r : runs_) r->wait();
    for (size_t i = 0; i < runs_.size(); ++i)
        if (E2eTracker* t = trackers_[i].get())
            t->producerFinished(static_cast<int64_t>(runs_[i]->snapshot(SIZE_MAX, SIZE_MAX).counters.sent));
    for (auto& t : trackers_)
        if (t) t->finish(std::chrono::milliseconds(t->options().finishTimeoutMs + 5000));
    if (!stopped_) {
        for (auto& s : schedulers_) s->stop();
        stopped_ = true;
    }
}

Cluster& RunSession::cluster(size_t i) {
    if (spec_.cluster.kind == ClusterChoice::Kind::Local) return *shared_;
    if (spec_.cluster.kind == ClusterChoice::Kind::External) return *owned_.front();
    return *owned_.at(i);
}

std::vector<FiredFault> RunSession::clusterFaults(size_t i) const {
    const size_t idx = spec_.cluster.kind == ClusterChoice::Kind::Embedded ? i : 0;
    return schedulers_.at(idx)->fired();
}

std::vector<FiredFault> RunSession::faults(size_t i) const {
    auto fired = clusterFaults(i);
    const auto own = producerFaults(i);
    fired.insert(fired.end(), own.begin(), own.end());
    std::stable_sort(fired.begin(), fired.end(), [](const FiredFault& a, const FiredFault& b) { return a.atMs < b.atMs; });
    return fired;
}

FiredFault RunSession::fireNow(size_t i, const FaultSpec& fault) {
    if (fault.isProducerKind()) {
        FiredFault f;
        f.spec = fault.text;
        if (!runs_.at(i)->transactional()) {
            f.result = "only for transactional runs";
            return f;
        }
        runs_.at(i)->fireProducerFault(fault);
        f.ok = true;
        f.result = "handed to the producer: it carries it out between two events";
        return f;
    }
    FaultSpec f = fault;
    if (f.broker == "coordinator" && f.transactionalId.empty()) f.transactionalId = runs_.at(i)->transactionalId();
    const size_t idx = spec_.cluster.kind == ClusterChoice::Kind::Embedded ? i : 0;
    return schedulers_.at(idx)->fireNow(f);
}

}  // namespace acklab
