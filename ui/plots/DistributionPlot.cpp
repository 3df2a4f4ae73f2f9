#include "plots/DistributionPlot.h"

#include "ColorScheme.h"

#include <algorithm>
#include <cmath>

namespace acklab::ui {

DistributionPlot::DistributionPlot(QWidget* parent) : RunPlot(tr("Latency distribution (whole run)"), parent) {
    xAxis->setLabel(tr("percentile"));
    yAxis->setLabel(tr("latency (ms, log)"));
    setYScale(YScale::Log);
    yAxis->setNumberFormat("gb");
    yAxis->setRange(0.1, 100);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTick(0, "0%");
    ticker->addTick(ninesOf(0.5), "50%");
    ticker->addTick(1, "90%");
    ticker->addTick(2, "99%");
    ticker->addTick(3, "99.9%");
    ticker->addTick(4, "99.99%");
    ticker->addTick(5, "99.999%");
    xAxis->setTicker(ticker);
    xAxis->setRange(0, 2.2);
}

double DistributionPlot::ninesOf(double q) { return -std::log10(std::max(1e-9, 1.0 - q)); }
double DistributionPlot::quantileOf(double nines) { return 1.0 - std::pow(10.0, -nines); }

void DistributionPlot::reset(const QStringList& profiles) {
    clearAll();
    series_.clear();
    maxNines_ = 2;
    xAxis->setRange(0, 2.2);
    for (int r = 0; r < profiles.size(); ++r) {
        Series s;
        s.raw = addGraph();
        s.raw->setName(profiles.size() > 1 ? profiles[r] : tr("from produce()"));
        s.raw->setPen(pen(ColorScheme::profile(r)));
        s.sched = addGraph();
        s.sched->setName(profiles.size() > 1 ? profiles[r] + tr(" (from schedule)") : tr("from scheduled send"));
        s.sched->setPen(pen(ColorScheme::profile(r)));
        series_.push_back(s);
    }
    applyVisibility();
}

void DistributionPlot::fill(QCPGraph* g, const LatencyHistogram& h) {
    QVector<double> keys, values;
    // Only as many nines as the sample supports: with n reports, the top is 1 - 1/n.
    const double top = std::clamp(std::log10(static_cast<double>(std::max<uint64_t>(h.count(), 1))), 0.5, 5.0);
    for (double n = 0; n <= top + 1e-9; n += 0.05) {
        keys << n;
        values << std::max(1e-3, static_cast<double>(h.percentile(quantileOf(n))) / 1000.0);
    }
    g->setData(keys, values, true);
    maxNines_ = std::max(maxNines_, top);
}

void DistributionPlot::setHistograms(int run, const LatencyHistogram& fromProduce, const LatencyHistogram& fromSchedule) {
    if (run < 0 || run >= static_cast<int>(series_.size())) return;
    auto& s = series_[static_cast<size_t>(run)];
    if (fromProduce.count() == s.count) return;  // nothing new: no work, no replot
    s.count = fromProduce.count();
    fill(s.raw, fromProduce);
    fill(s.sched, fromSchedule);
    xAxis->setRange(0, maxNines_ + 0.1);
    markDirty();
}

void DistributionPlot::setFromSchedule(bool fromSchedule) {
    fromSchedule_ = fromSchedule;
    applyVisibility();
}

void DistributionPlot::applyVisibility() {
    for (size_t r = 0; r < series_.size(); ++r) {
        const auto& s = series_[r];
        const bool shown = runVisible(static_cast<int>(r));
        s.raw->setVisible(!fromSchedule_ && shown);
        s.sched->setVisible(fromSchedule_ && shown);
        if (fromSchedule_) {
            s.raw->removeFromLegend();
            s.sched->addToLegend();
        } else {
            s.sched->removeFromLegend();
            s.raw->addToLegend();
        }
    }
    markDirty();
}

int DistributionPlot::dataCount() const {
    int n = 0;
    for (int i = 0; i < graphCount(); ++i)
        if (graph(i)->visible()) n += graph(i)->dataCount();
    return n;
}

QString DistributionPlot::tooltipAt(double x) const {
    const QString base = RunPlot::tooltipAt(x);
    if (base.isEmpty()) return base;
    const double q = quantileOf(std::max(0.0, x)) * 100.0;
    return tr("p%1").arg(q, 0, 'g', std::max(2, static_cast<int>(std::ceil(x)) + 2)) + "<br>" + base;
}

}  // namespace acklab::ui
