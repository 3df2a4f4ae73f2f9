#include "plots/LatencyPlot.h"

#include "ColorScheme.h"

#include <limits>

namespace acklab::ui {

LatencyPlot::LatencyPlot(QWidget* parent) : RunPlot(tr("Delivery latency per interval"), parent) {
    yAxis->setLabel(tr("latency (ms)"));
    valueUnit_ = "ms";
}

void LatencyPlot::reset(const QStringList& profiles) {
    clearAll();
    series_.clear();
    compare_ = profiles.size() > 1;
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare_ ? profiles[r] + " " : QString();
        const QColor base = ColorScheme::profile(r);
        const QColor c50 = compare_ ? base : ColorScheme::profile(0);
        const QColor c99 = compare_ ? base : QColor(220, 110, 0);
        const QColor cmax = compare_ ? base.lighter(140) : QColor(130, 130, 130);
        const auto make = [&](const QString& name, const QColor& c, Qt::PenStyle s) {
            auto* g = addGraph();
            g->setName(prefix + name);
            g->setPen(pen(c, s));
            g->setAdaptiveSampling(true);
            return g;
        };
        Series s;
        s.p50 = make("p50", c50, compare_ ? Qt::DashLine : Qt::SolidLine);
        s.p99 = make("p99", c99, Qt::SolidLine);
        s.max = make("max", cmax, Qt::DotLine);
        s.sp50 = make("p50 (from schedule)", c50, compare_ ? Qt::DashLine : Qt::SolidLine);
        s.sp99 = make("p99 (from schedule)", c99, Qt::SolidLine);
        s.smax = make("max (from schedule)", cmax, Qt::DotLine);
        series_.push_back(s);
    }
    setSubtitle(compare_ ? tr("solid p99, dashed p50, dotted max") : QString());
    applyVisibility();
}

void LatencyPlot::addPoints(int run, const std::vector<TimelinePoint>& points) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || points.empty()) return;
    const auto& s = series_[static_cast<size_t>(run)];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        const bool any = p.delivered + p.failed > 0;  // no report in this interval: a gap, not a zero
        s.p50->addData(x, any ? p.p50Ms : nan);
        s.p99->addData(x, any ? p.p99Ms : nan);
        s.max->addData(x, any ? p.maxMs : nan);
        s.sp50->addData(x, any ? p.schedP50Ms : nan);
        s.sp99->addData(x, any ? p.schedP99Ms : nan);
        s.smax->addData(x, any ? p.schedMaxMs : nan);
    }
    markDirty();
}

void LatencyPlot::setFromSchedule(bool fromSchedule) {
    fromSchedule_ = fromSchedule;
    applyVisibility();
}

void LatencyPlot::setShowMax(bool show) {
    showMax_ = show;
    applyVisibility();
}

void LatencyPlot::applyVisibility() {
    for (const auto& s : series_) {
        const auto set = [this](QCPGraph* g, bool visible, bool inLegend) {
            g->setVisible(visible);
            if (visible && inLegend) g->addToLegend();
            else g->removeFromLegend();
        };
        // Compare: one legend entry per profile (its p99); the pen style tells the percentiles apart.
        set(s.p50, !fromSchedule_, !compare_);
        set(s.p99, !fromSchedule_, true);
        set(s.max, !fromSchedule_ && showMax_, !compare_);
        set(s.sp50, fromSchedule_, !compare_);
        set(s.sp99, fromSchedule_, true);
        set(s.smax, fromSchedule_ && showMax_, !compare_);
    }
    markDirty();
}

int LatencyPlot::dataCount() const {
    int n = 0;
    for (int i = 0; i < graphCount(); ++i)
        if (graph(i)->visible()) n += graph(i)->dataCount();
    return n;
}

}  // namespace acklab::ui
