#pragma once
// Messages per second in each interval: sent (produce() calls), delivered and failed (delivery reports).
#include "metrics/Timeline.h"
#include "plots/RunPlot.h"

#include <vector>

namespace acklab::ui {

class ThroughputPlot : public RunPlot {
    Q_OBJECT
public:
    explicit ThroughputPlot(QWidget* parent = nullptr);

    void reset(const QStringList& profiles, int64_t intervalMs);
    void addPoints(int run, const std::vector<TimelinePoint>& points);
    int dataCount() const;

private:
    struct Series {
        QCPGraph *sent = nullptr, *delivered = nullptr, *failed = nullptr;
    };
    std::vector<Series> series_;
    double perSecond_ = 10.0;
};

}  // namespace acklab::ui
