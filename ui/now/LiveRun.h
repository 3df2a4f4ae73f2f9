#pragma once
// One profile's run as the "Producers now" story follows it: its latest snapshot (counters, statistics, state),
// the last second of its timeline, when it last delivered and its effective properties; with what the runs'
// cluster view says, that is what explainNow reads.
#include "metrics/ProducerNow.h"
#include "metrics/StoryChangeFilter.h"
#include "traffic/RunTypes.h"
#include "log/EventLogModel.h"

#include <deque>
#include <map>
#include <string>

namespace acklab::ui {

class ClusterViewModel;

struct LiveRun {
    RunSnapshot latest;  // counters, statistics and state; its timeline and events are consumed by absorb()
    std::deque<TimelinePoint> recent;  // the last second of the timeline
    int64_t lastDeliveryMs = -1;
    std::map<std::string, std::string> properties;
    NowReport now;
    StoryChangeFilter story;  // which changes of `now` reach the event log

    // A snapshot from the run (timeline points of intervalMs each).
    void absorb(const RunSnapshot& s, int64_t intervalMs);
    // What explainNow needs: `name` when the snapshot has none yet; the cluster as the runs' live view shows it
    // ("killed" when AckLab killed the node, and since when each state holds).
    NowInput input(const std::string& name, const std::string& topic, const ClusterViewModel& cluster, int64_t intervalMs) const;
    // Explains where the run is now (into `now`); true when the story changed enough to be told in the event log,
    // in the line storyEntry() gives. `force`: tell it anyway (the end of a run).
    bool explain(const NowInput& in, bool force);
    EventLogModel::Entry storyEntry(const std::string& profile) const;
};

}  // namespace acklab::ui
