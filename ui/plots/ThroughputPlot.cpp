#include "plots/ThroughputPlot.h"

#include "ColorScheme.h"

namespace acklab::ui {

ThroughputPlot::ThroughputPlot(QWidget* parent) : RunPlot(tr("Throughput"), parent) {
    yAxis->setLabel(tr("messages / s"));
    valueUnit_ = "msgs/s";
    yAxis->setNumberFormat("gb");
}

void ThroughputPlot::reset(const QStringList& profiles, int64_t intervalMs) {
    clearAll();
    series_.clear();
    perSecond_ = 1000.0 / static_cast<double>(intervalMs > 0 ? intervalMs : 100);
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
        s.sent->addData(x, static_cast<double>(p.sent) * perSecond_);
        s.delivered->addData(x, static_cast<double>(p.delivered) * perSecond_);
        s.failed->addData(x, static_cast<double>(p.failed) * perSecond_);
    }
    markDirty();
}

int ThroughputPlot::dataCount() const {
    int n = 0;
    for (int i = 0; i < graphCount(); ++i) n += graph(i)->dataCount();
    return n;
}

}  // namespace acklab::ui
