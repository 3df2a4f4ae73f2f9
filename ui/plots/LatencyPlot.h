#pragma once
// Delivery latency over time: p50 / p99 / max of the reports in each interval, per profile; measured from
// produce() ("raw") or from the scheduled send time (coordinated-omission corrected).
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
    void setShowMax(bool show);
    int dataCount() const;  // points in the shown graphs

private:
    struct Series {
        QCPGraph *p50 = nullptr, *p99 = nullptr, *max = nullptr;
        QCPGraph *sp50 = nullptr, *sp99 = nullptr, *smax = nullptr;
    };
    void applyVisibility();

    std::vector<Series> series_;
    bool compare_ = false;
    bool fromSchedule_ = false;
    bool showMax_ = true;
};

}  // namespace acklab::ui
