#include "now/LiveRun.h"

#include "cluster/ClusterViewModel.h"

#include <algorithm>

namespace acklab::ui {

void LiveRun::absorb(const RunSnapshot& s, int64_t intervalMs) {
    for (const auto& p : s.timeline) {
        recent.push_back(p);
        if (p.delivered > 0) lastDeliveryMs = p.tMs + intervalMs;
    }
    while (!recent.empty() && recent.front().tMs < s.elapsedMs - 1000) recent.pop_front();
    latest = s;
    latest.timeline.clear();  // consumed above; the latest keeps counters, statistics and state
    latest.events.clear();
}

NowInput LiveRun::input(const std::string& name, const std::string& topic, const ClusterViewModel& cluster, int64_t intervalMs) const {
    NowInput in;
    in.profile = latest.profileName.empty() ? name : latest.profileName;
    in.snapshot = latest;
    in.properties = properties;
    in.topic = topic;
    in.clusterBrokers = cluster.view().brokers;
    for (auto& b : in.clusterBrokers) b.state = cluster.brokerState(b.id).toStdString();  // "killed", not "dead"
    for (const auto& b : in.clusterBrokers)
        if (const double since = cluster.brokerStateSince(b.id); since >= 0)
            in.clusterStateSinceMs[b.id] = static_cast<int64_t>(since * 1000);
    uint64_t delivered = 0;
    double p99 = -1;
    for (const auto& p : recent) {
        delivered += p.delivered;
        if (p.delivered + p.failed > 0) p99 = std::max(p99, p.p99Ms);
    }
    const double span = recent.empty() ? 0 : static_cast<double>(recent.back().tMs - recent.front().tMs + intervalMs);
    in.recentDeliveredPerSec = span > 0 ? static_cast<double>(delivered) * 1000.0 / span : 0;
    in.recentP99Ms = p99;
    in.msSinceLastDelivery = lastDeliveryMs < 0 ? (latest.elapsedMs > 0 ? latest.elapsedMs : -1)
                                                : std::max<int64_t>(0, latest.elapsedMs - lastDeliveryMs);
    return in;
}

bool LiveRun::explain(const NowInput& in, bool force) {
    now = explainNow(in);
    return story.shouldLog(now.stateKey, force);
}

EventLogModel::Entry LiveRun::storyEntry(const std::string& profile) const {
    EventLogModel::Entry e;
    e.tSec = static_cast<double>(latest.elapsedMs) / 1000.0;
    e.profile = QString::fromStdString(profile);
    e.severity = QString::fromStdString(now.severity == "ok" ? "info" : now.severity);
    e.code = "now";
    e.message = QString::fromStdString(now.headline);
    if (!now.details.empty()) e.remedy = QString::fromStdString(now.details.front());
    return e;
}

}  // namespace acklab::ui
