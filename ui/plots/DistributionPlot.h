#pragma once
// Latency distribution of the whole run so far: the percentile curve read from the latency histogram,
// x on a "nines" scale (90 %, 99 %, 99.9 % … equally spaced), y in ms on a log scale.
#include "metrics/LatencyHistogram.h"
#include "plots/RunPlot.h"

#include <vector>

namespace acklab::ui {

class DistributionPlot : public RunPlot {
    Q_OBJECT
public:
    explicit DistributionPlot(QWidget* parent = nullptr);

    bool hasTimeAxis() const override { return false; }
    void reset(const QStringList& profiles);
    void setHistograms(int run, const LatencyHistogram& fromProduce, const LatencyHistogram& fromSchedule);
    void setFromSchedule(bool fromSchedule);
    int dataCount() const;
    QString tooltipAt(double x) const override;

    static double ninesOf(double q);  // 0.99 -> 2
    static double quantileOf(double nines);

protected:
    void onRunVisibilityChanged() override { applyVisibility(); }

private:
    void fill(QCPGraph* g, const LatencyHistogram& h);
    void applyVisibility();

    struct Series {
        QCPGraph *raw = nullptr, *sched = nullptr;
        uint64_t count = 0;
    };
    std::vector<Series> series_;
    bool fromSchedule_ = false;
    double maxNines_ = 2;
};

}  // namespace acklab::ui
