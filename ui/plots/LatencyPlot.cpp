#include "plots/LatencyPlot.h"

#include "ColorScheme.h"

#include <limits>

namespace acklab::ui {

LatencyPlot::LatencyPlot(QWidget* parent) : RunPlot(tr("Delivery latency"), parent) {
    yAxis->setLabel(tr("latency (ms)"));
    valueUnit_ = "ms";
    setYScale(YScale::Clip);
}

void LatencyPlot::reset(const QStringList& profiles) {
    clearAll();
    series_.clear();
    compare_ = profiles.size() > 1;
    // A compare starts with p99 alone (one curve per profile); a single run shows all three.
    showP50_ = !compare_;
    showMax_ = !compare_;
    showP99_ = true;
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare_ ? profiles[r] + " " : QString();
        const QColor base = ColorScheme::profile(r);
        const QColor c50 = compare_ ? base : ColorScheme::profile(0);
        const QColor c99 = compare_ ? base : QColor(220, 110, 0);
        const QColor cmax = compare_ ? base.lighter(140) : QColor(130, 130, 130);
        const auto make = [&](const QString& name, const QColor& c, Qt::PenStyle s, Combine how) {
            auto* g = addGraph();
            g->setName(prefix + name);
            g->setPen(pen(c, s));
            track(g, r, how);
            return g;
        };
        Series s;
        s.p50 = make("p50", c50, compare_ ? Qt::DashLine : Qt::SolidLine, Combine::Median);
        s.p99 = make("p99", c99, Qt::SolidLine, Combine::Max);
        s.max = make("max", cmax, Qt::DotLine, Combine::Max);
        s.sp50 = make("p50 (from schedule)", c50, compare_ ? Qt::DashLine : Qt::SolidLine, Combine::Median);
        s.sp99 = make("p99 (from schedule)", c99, Qt::SolidLine, Combine::Max);
        s.smax = make("max (from schedule)", cmax, Qt::DotLine, Combine::Max);
        series_.push_back(s);
    }
    applyVisibility();
}

void LatencyPlot::addPoints(int run, const std::vector<TimelinePoint>& points) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || points.empty()) return;
    const auto& s = series_[static_cast<size_t>(run)];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        const bool any = p.delivered + p.failed > 0;  // no report in this interval: a gap, not a zero
        addRaw(s.p50, x, any ? p.p50Ms : nan);
        addRaw(s.p99, x, any ? p.p99Ms : nan);
        addRaw(s.max, x, any ? p.maxMs : nan);
        addRaw(s.sp50, x, any ? p.schedP50Ms : nan);
        addRaw(s.sp99, x, any ? p.schedP99Ms : nan);
        addRaw(s.smax, x, any ? p.schedMaxMs : nan);
    }
}

void LatencyPlot::setFromSchedule(bool fromSchedule) {
    fromSchedule_ = fromSchedule;
    applyVisibility();
}

void LatencyPlot::setPercentiles(bool p50, bool p99, bool max) {
    showP50_ = p50;
    showP99_ = p99;
    showMax_ = max;
    applyVisibility();
}

void LatencyPlot::applyVisibility() {
    for (const auto& s : series_) {
        const auto set = [this](QCPGraph* g, bool visible, bool inLegend) {
            setTrackedVisible(g, visible);
            if (visible && inLegend) g->addToLegend();
            else g->removeFromLegend();
        };
        // Compare: one legend entry per profile (the first percentile shown); the pen style tells them apart.
        const bool legend99 = true, legend50 = !compare_ || !showP99_, legendMax = !compare_ || (!showP99_ && !showP50_);
        set(s.p50, !fromSchedule_ && showP50_, legend50);
        set(s.p99, !fromSchedule_ && showP99_, legend99);
        set(s.max, !fromSchedule_ && showMax_, legendMax);
        set(s.sp50, fromSchedule_ && showP50_, legend50);
        set(s.sp99, fromSchedule_ && showP99_, legend99);
        set(s.smax, fromSchedule_ && showMax_, legendMax);
    }
    QStringList shown;
    if (showP99_) shown << tr("p99 solid");
    if (showP50_) shown << (compare_ ? tr("p50 dashed") : tr("p50"));
    if (showMax_) shown << (compare_ ? tr("max dotted") : tr("max"));
    setSubtitle(compare_ ? shown.join(", ") : QString());
    markDirty();
}

int LatencyPlot::dataCount() const { return rawPointCount(); }

}  // namespace acklab::ui
