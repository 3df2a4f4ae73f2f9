#include "plots/ThroughputPlot.h"

#include "ColorScheme.h"

namespace acklab::ui {

ThroughputPlot::ThroughputPlot(QWidget* parent) : RunPlot(tr("Throughput"), parent) {
    yAxis->setLabel(tr("messages / s"));
    valueUnit_ = "msgs/s";
    yAxis->setNumberFormat("gb");
    setYScale(YScale::Clip);
}

void ThroughputPlot::reset(const QStringList& profiles, int64_t intervalMs) {
    clearAll();
    series_.clear();
    perSecond_ = 1000.0 / static_cast<double>(intervalMs > 0 ? intervalMs : 100);
    setIntervalSeconds(1.0 / perSecond_);
    const bool compare = profiles.size() > 1;
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare ? profiles[r] + " " : QString();
        const QColor base = ColorScheme::profile(r);
        Series s;
        s.sent = addGraph();
        s.sent->setName(prefix + tr("sent"));
        s.sent->setPen(pen(compare ? base.lighter(130) : QColor(140, 140, 140), Qt::DashLine));
        s.delivered = addGraph();
        s.delivered->setName(prefix + tr("delivered"));
        s.delivered->setPen(pen(compare ? base : ColorScheme::profile(0)));
        s.failed = addGraph();
        s.failed->setName(prefix + tr("failed"));
        s.failed->setPen(pen(compare ? base.darker(130) : ColorScheme::errorClass("permanent"), Qt::DotLine));
        // Rates: a bin of intervals is their mean (its total over its duration).
        for (auto* g : {s.sent, s.delivered, s.failed}) track(g, r, Combine::Mean);
        if (compare) {
            s.sent->removeFromLegend();
            s.failed->removeFromLegend();
        }
        series_.push_back(s);
    }
    setSubtitle(compare ? tr("solid delivered, dashed sent, dotted failed") : QString());
}

void ThroughputPlot::addPoints(int run, const std::vector<TimelinePoint>& points) {
    if (run < 0 || run >= static_cast<int>(series_.size()) || points.empty()) return;
    const auto& s = series_[static_cast<size_t>(run)];
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        addRaw(s.sent, x, static_cast<double>(p.sent) * perSecond_);
        addRaw(s.delivered, x, static_cast<double>(p.delivered) * perSecond_);
        addRaw(s.failed, x, static_cast<double>(p.failed) * perSecond_);
    }
}

int ThroughputPlot::dataCount() const { return rawPointCount(); }

}  // namespace acklab::ui
