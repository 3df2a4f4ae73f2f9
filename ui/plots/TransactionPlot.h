#pragma once
// Transactional runs: transactions committed and aborted per second (left axis) and the commit calls' p99 per
// interval (right axis, ms), per profile; fenced transactions (a zombie took over the transactional.id: fatal)
// as a step of the running count, so the moment a producer was fenced stands out.
#include "metrics/Timeline.h"
#include "plots/RunPlot.h"

#include <deque>
#include <utility>
#include <vector>

namespace acklab::ui {

class TransactionPlot : public RunPlot {
    Q_OBJECT
public:
    explicit TransactionPlot(QWidget* parent = nullptr);

    void reset(const QStringList& profiles, int64_t intervalMs);
    void addPoints(int run, const std::vector<TimelinePoint>& points);
    int dataCount() const { return rawPointCount(); }

private:
    struct Series {
        QCPGraph *committed = nullptr, *aborted = nullptr, *commitP99 = nullptr, *fenced = nullptr;
        uint64_t fencedSoFar = 0;
        std::deque<std::pair<uint64_t, uint64_t>> lastSecond;  // committed, aborted of the last second's intervals
        uint64_t committedInSecond = 0, abortedInSecond = 0;
    };
    std::vector<Series> series_;
    double perSecond_ = 10.0;
};

}  // namespace acklab::ui
