#pragma once
// A RunSpec carried out: one ProducerRun per profile over the same traffic and fault timeline.
// Embedded: each profile gets an embedded cluster of its own, all started at the same instant with the same
// faults at the same moments, so profiles run side by side without stealing each other's injected errors.
// Real clusters (local, external) are shared: their faults hit every run at once.
#include "audit/E2eTracker.h"
#include "cluster/Cluster.h"
#include "cluster/FaultScheduler.h"
#include "traffic/ProducerRun.h"

#include <functional>
#include <memory>
#include <vector>

namespace acklab {

struct ClusterChoice {
    enum class Kind { Embedded, External, Local };
    Kind kind = Kind::Embedded;
    int brokers = 3;                 // embedded
    int rttMs = 0;                   // embedded: the network model's round trip per broker
    std::string bootstrap;           // external / local
    std::vector<std::pair<std::string, std::string>> properties;  // external security
};

struct RunSpec {
    ClusterChoice cluster;
    std::vector<ProducerProfile> profiles;
    TrafficSpec traffic;
    std::vector<FaultSpec> faults;
    std::string dlqTopic = "dead-letter-queue";
    std::string dlqFile;
    bool audit = false;
    int64_t intervalMs = 100;
    int64_t statisticsIntervalMs = 1000;  // librdkafka statistics (the window asks for more than once a second)
    int64_t drainTimeoutMs = -1;
    bool createTopic = true;  // false: send to the topic as it is (e.g. to show UNKNOWN_TOPIC_OR_PARTITION)
    bool e2e = false;          // a live end-to-end tracker (audit/E2eTracker) beside each run
    int64_t e2eGraceMs = 3000; // see E2eOptions::graceMs
};

// True when a run of this profile and traffic is transactional (transactional.id, or TrafficSpec::transaction).
bool isTransactional(const ProducerProfile& profile, const TrafficSpec& traffic);

class RunSession {
public:
    // Told every fault as it is carried out: a cluster fault on its scheduler's thread, a producer fault (abort,
    // zombie) on its run's thread.
    using FaultListener = std::function<void(size_t runIndex, const FiredFault&)>;

    // Builds clusters and producers; throws RunError / std::runtime_error naming what is wrong.
    // `shared` is used (not owned) for Local Kafka; may be null for the other kinds.
    explicit RunSession(RunSpec spec, Cluster* shared = nullptr, const FaultListener& listener = {});
    ~RunSession();
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    void start();
    void requestStop();
    // Runs finished and, with e2e, every tracker's final judgement done (or given up: E2eOptions::finishTimeoutMs).
    bool finished() const;
    void wait();

    size_t size() const { return runs_.size(); }
    ProducerRun& run(size_t i) { return *runs_[i]; }
    const ProducerRun& run(size_t i) const { return *runs_[i]; }
    Cluster& cluster(size_t i);
    // The run's live end-to-end tracker; null without RunSpec::e2e.
    E2eTracker* tracker(size_t i) const { return trackers_.at(i).get(); }
    // Every fault that hit run i so far, in time order: the cluster's (its scheduler's, `for=` undos included) and
    // the producer's own (abort, zombie). Each list on its own only ever grows at its end.
    std::vector<FiredFault> faults(size_t i) const;
    std::vector<FiredFault> clusterFaults(size_t i) const;
    std::vector<FiredFault> producerFaults(size_t i) const { return runs_.at(i)->firedProducerFaults(); }
    FiredFault fireNow(size_t i, const FaultSpec& fault);  // one-click faults from the window
    const RunSpec& spec() const { return spec_; }

private:
    RunSpec spec_;
    std::vector<std::unique_ptr<Cluster>> owned_;
    Cluster* shared_ = nullptr;
    std::vector<std::unique_ptr<ProducerRun>> runs_;
    std::vector<std::unique_ptr<E2eTracker>> trackers_;  // per run; null without e2e
    std::vector<std::unique_ptr<FaultScheduler>> schedulers_;
    bool stopped_ = false;
};

}  // namespace acklab
