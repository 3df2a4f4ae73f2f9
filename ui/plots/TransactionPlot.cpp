#include "plots/TransactionPlot.h"

#include "ColorScheme.h"

#include <limits>

namespace acklab::ui {

TransactionPlot::TransactionPlot(QWidget* parent) : RunPlot(tr("Transactions"), parent) {
    yAxis->setLabel(tr("txn / s (last 1 s)"));
    valueUnit_ = "txn/s";
    yAxis2->setVisible(true);
    yAxis2->setTickLabels(true);
    yAxis2->setLabel(tr("commit p99 ms"));
    setYScale(YScale::Clip);
}

void TransactionPlot::reset(const QStringList& profiles, int64_t intervalMs) {
    clearAll();
    series_.clear();
    perSecond_ = 1000.0 / static_cast<double>(intervalMs > 0 ? intervalMs : 100);
    setIntervalSeconds(1.0 / perSecond_);
    const bool compare = profiles.size() > 1;
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare ? profiles[r] + " " : QString();
        const QColor c = compare ? ColorScheme::profile(r) : ColorScheme::profile(0);
        Series s;
        s.committed = addGraph();
        s.committed->setName(prefix + tr("committed"));
        s.committed->setPen(pen(c));
        s.aborted = addGraph();
        s.aborted->setName(prefix + tr("aborted"));
        s.aborted->setPen(pen(compare ? c.darker(130) : ColorScheme::errorClass("transient"), Qt::DashLine));
        for (auto* g : {s.committed, s.aborted}) track(g, r, Combine::Mean);
        s.commitP99 = addGraph(xAxis, yAxis2);
        s.commitP99->setName(prefix + tr("commit p99"));
        s.commitP99->setPen(pen(compare ? c.lighter(130) : QColor(120, 120, 120), Qt::DotLine));
        // Only intervals in which a commit ended have a value: dots, since a line would have gaps between them.
        s.commitP99->setLineStyle(QCPGraph::lsNone);
        s.commitP99->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, compare ? c.lighter(130) : QColor(120, 120, 120), 3));
        track(s.commitP99, r, Combine::Max);
        s.fenced = addGraph(xAxis, yAxis2);
        s.fenced->setName(prefix + tr("fenced so far"));
        QPen fencedPen = pen(ColorScheme::errorClass("fatal"));
        fencedPen.setWidth(2);
        s.fenced->setPen(fencedPen);
        s.fenced->setLineStyle(QCPGraph::lsStepLeft);
        s.fenced->setProperty("run", r);
        if (compare) {
            s.aborted->removeFromLegend();
            s.commitP99->removeFromLegend();
        }
        series_.push_back(s);
    }
    setSubtitle(compare ? tr("solid committed, dashed aborted; right: dotted commit p99, thick fenced")
                        : tr("right axis: commit p99 (ms) and fenced transactions so far"));
}

void TransactionPlot::addPoints(int run, const std::vector<TimelinePoint>& points) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || points.empty()) return;
    auto& s = series_[static_cast<size_t>(run)];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        // Transactions end a few times a second: per interval they read 0 or 10/s by turns. Drawn as the count
        // over the last second (one interval's delay to the eye, and no sawtooth).
        s.lastSecond.emplace_back(p.txnCommitted, p.txnAborted);
        s.committedInSecond += p.txnCommitted;
        s.abortedInSecond += p.txnAborted;
        while (static_cast<double>(s.lastSecond.size()) > perSecond_) {
            s.committedInSecond -= s.lastSecond.front().first;
            s.abortedInSecond -= s.lastSecond.front().second;
            s.lastSecond.pop_front();
        }
        const double span = static_cast<double>(s.lastSecond.size()) / perSecond_;  // < 1 s at the start
        addRaw(s.committed, x, static_cast<double>(s.committedInSecond) / span);
        addRaw(s.aborted, x, static_cast<double>(s.abortedInSecond) / span);
        addRaw(s.commitP99, x, p.txnCommitted > 0 ? p.commitP99Ms : nan);
        s.fencedSoFar += p.txnFenced;
        s.fenced->addData(x, static_cast<double>(s.fencedSoFar));
    }
}

}  // namespace acklab::ui
