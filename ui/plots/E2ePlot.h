#pragma once
// End-to-end latency per interval (produce() to consumed, from the live tracker's consumer), p50 and p99 per
// profile, with the running count of acknowledged messages found lost — and duplicated — on the right axis:
// on a leader crash with acks=1 the lost line rises while it happens.
#include "audit/E2eTypes.h"
#include "plots/RunPlot.h"

#include <vector>

namespace acklab::ui {

class E2ePlot : public RunPlot {
    Q_OBJECT
public:
    explicit E2ePlot(QWidget* parent = nullptr);

    void reset(const QStringList& profiles, int64_t intervalMs);
    void addPoints(int run, const std::vector<E2ePoint>& points);
    int dataCount() const { return rawPointCount(); }

private:
    struct Series {
        QCPGraph *p50 = nullptr, *p99 = nullptr, *lost = nullptr, *duplicated = nullptr;
        uint64_t duplicatedSoFar = 0;
    };
    std::vector<Series> series_;
};

}  // namespace acklab::ui
