#include "plots/E2ePlot.h"

#include "ColorScheme.h"

#include <limits>

namespace acklab::ui {

E2ePlot::E2ePlot(QWidget* parent) : RunPlot(tr("End to end: produce() to consumed"), parent) {
    yAxis->setLabel(tr("e2e latency (ms)"));
    valueUnit_ = "ms";
    yAxis2->setVisible(true);
    yAxis2->setTickLabels(true);
    yAxis2->setLabel(tr("lost / duplicated so far"));
    setYScale(YScale::Clip);
}

void E2ePlot::reset(const QStringList& profiles, int64_t intervalMs) {
    clearAll();
    series_.clear();
    setIntervalSeconds(static_cast<double>(intervalMs > 0 ? intervalMs : 100) / 1000.0);
    const bool compare = profiles.size() > 1;
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare ? profiles[r] + " " : QString();
        const QColor c = compare ? ColorScheme::profile(r) : ColorScheme::profile(0);
        Series s;
        s.p50 = addGraph();
        s.p50->setName(prefix + tr("e2e p50"));
        s.p50->setPen(pen(c, Qt::DashLine));
        track(s.p50, r, Combine::Median, !compare);
        s.p99 = addGraph();
        s.p99->setName(prefix + tr("e2e p99"));
        s.p99->setPen(pen(c));
        track(s.p99, r, Combine::Max);
        s.lost = addGraph(xAxis, yAxis2);
        s.lost->setName(prefix + tr("lost"));
        QPen lostPen = pen(compare ? c : ColorScheme::errorClass("permanent"));
        lostPen.setWidth(2);
        s.lost->setPen(lostPen);
        s.lost->setLineStyle(QCPGraph::lsStepLeft);
        s.lost->setProperty("run", r);
        s.duplicated = addGraph(xAxis, yAxis2);
        s.duplicated->setName(prefix + tr("duplicated"));
        s.duplicated->setPen(pen(compare ? c.darker(130) : QColor(130, 50, 170), Qt::DotLine));
        s.duplicated->setLineStyle(QCPGraph::lsStepLeft);
        s.duplicated->setProperty("run", r);
        if (compare) {
            s.p50->removeFromLegend();
            s.duplicated->removeFromLegend();
        }
        series_.push_back(s);
    }
    setSubtitle(compare ? tr("solid p99; thick: lost so far, dotted: duplicated (right axis)")
                        : tr("lost and duplicated so far on the right axis"));
}

void E2ePlot::addPoints(int run, const std::vector<E2ePoint>& points) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || points.empty()) return;
    auto& s = series_[static_cast<size_t>(run)];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        addRaw(s.p50, x, p.seen > 0 ? p.p50Ms : nan);
        addRaw(s.p99, x, p.seen > 0 ? p.p99Ms : nan);
        s.duplicatedSoFar += p.duplicated;
        s.lost->addData(x, static_cast<double>(p.lost));
        s.duplicated->addData(x, static_cast<double>(s.duplicatedSoFar));
    }
}

}  // namespace acklab::ui
