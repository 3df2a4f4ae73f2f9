#pragma once
// Delivery latency over time: p50 / p99 / max of the reports in each interval, per profile; measured from
// produce() ("raw") or from the scheduled send time (coordinated-omission corrected). Which percentiles are
// drawn is a choice: three profiles with three curves each is a band nobody can read, so a compare starts
// with p99 alone.
#include "metrics/Timeline.h"
#include "plots/RunPlot.h"

#include <vector>

namespace acklab::ui {

class LatencyPlot : public RunPlot {
    Q_OBJECT
public:
    explicit LatencyPlot(QWidget* parent = nullptr);

    void reset(const QStringList& profiles);
    void addPoints(int run, const std::vector<TimelinePoint>& points);
    void setFromSchedule(bool fromSchedule);
    void setPercentiles(bool p50, bool p99, bool max);
    bool showsP50() const { return showP50_; }
    bool showsP99() const { return showP99_; }
    bool showsMax() const { return showMax_; }
    bool compare() const { return compare_; }
    int dataCount() const;  // points kept for the shown curves

private:
    struct Series {
        QCPGraph *p50 = nullptr, *p99 = nullptr, *max = nullptr;
        QCPGraph *sp50 = nullptr, *sp99 = nullptr, *smax = nullptr;
    };
    void applyVisibility();

    std::vector<Series> series_;
    bool compare_ = false;
    bool fromSchedule_ = false;
    bool showP50_ = true, showP99_ = true, showMax_ = true;
};

}  // namespace acklab::ui
