#include "plots/FailurePlot.h"

#include "ColorScheme.h"
#include "metrics/ErrorClassifier.h"

namespace acklab::ui {

FailurePlot::FailurePlot(QWidget* parent) : RunPlot(tr("Failures and DLQ"), parent) {
    valueUnit_ = "failed";
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("DLQ total"));
    yAxis2->setTickLabels(true);
}

void FailurePlot::reset(const QStringList& profiles, int64_t intervalMs) {
    clearAll();
    profiles_ = profiles;
    compare_ = profiles.size() > 1;
    width_ = static_cast<double>(intervalMs > 0 ? intervalMs : 100) / 1000.0;
    setIntervalSeconds(width_);
    intervalText_ = QString("%1 ms").arg(intervalMs);
    bars_.clear();
    perClass_.clear();
    failedLines_.clear();
    dlqLines_.clear();
    shown_.clear();
    top_ = nullptr;
    dlqTotal_.assign(static_cast<size_t>(profiles.size()), 0);
    yAxis->setLabel(tr("failed per %1").arg(intervalText_));
    for (int r = 0; r < profiles.size(); ++r) {
        const QString prefix = compare_ ? profiles[r] + " " : QString();
        const QColor c = compare_ ? ColorScheme::profile(r) : QColor(20, 120, 130);
        if (compare_) {
            auto* g = addGraph();
            g->setName(prefix + tr("failed"));
            g->setPen(pen(c));
            g->setLineStyle(QCPGraph::lsStepLeft);
            g->setProperty("run", r);
            failedLines_.push_back(g);
        }
        auto* d = addGraph(xAxis, yAxis2);
        d->setName(prefix + tr("DLQ total"));
        d->setPen(pen(c, Qt::DashLine));
        d->setLineStyle(QCPGraph::lsStepLeft);
        d->setProperty("run", r);
        if (compare_) d->removeFromLegend();
        dlqLines_.push_back(d);
    }
    setSubtitle(compare_ ? tr("solid failed, dashed DLQ total (right)") : tr("by error code; dashed DLQ total (right)"));
}

QCPBars* FailurePlot::barsFor(int32_t code) {
    if (auto it = bars_.find(code); it != bars_.end()) return it->second;
    const auto info = ErrorClassifier::classify(static_cast<rd_kafka_resp_err_t>(code));
    const QString cls = QString::fromStdString(std::string(toString(info.errorClass)));
    const int shade = perClass_[cls]++;
    auto* b = new QCPBars(xAxis, yAxis);
    b->setName(QString("%1 (%2)").arg(QString::fromStdString(info.name), cls));
    const QColor c = ColorScheme::errorClass(cls).lighter(100 + 25 * shade);
    b->setPen(Qt::NoPen);
    b->setBrush(c);
    b->setWidth(width_);
    b->setWidthType(QCPBars::wtPlotCoords);
    if (top_) b->moveAbove(top_);
    top_ = b;
    bars_[code] = b;
    return b;
}

void FailurePlot::addPoints(int run, const std::vector<TimelinePoint>& points) {
    if (run < 0 || run >= profiles_.size() || points.empty()) return;
    const auto r = static_cast<size_t>(run);
    for (const auto& p : points) {
        const double x = static_cast<double>(p.tMs) / 1000.0;
        for (const auto& [code, count] : p.failedByCode) {
            shown_[QString::fromStdString(ErrorClassifier::name(static_cast<rd_kafka_resp_err_t>(code)))] += count;
            if (!compare_) barsFor(code)->addData(x + width_ / 2, count);
        }
        if (compare_) failedLines_[r]->addData(x, static_cast<double>(p.failed));
        dlqTotal_[r] += p.dlq;
        dlqLines_[r]->addData(x, static_cast<double>(dlqTotal_[r]));
    }
    markDirty();
}

uint64_t FailurePlot::failuresShown(const QString& errorName) const {
    auto it = shown_.find(errorName);
    return it == shown_.end() ? 0 : it->second;
}

int FailurePlot::dataCount() const {
    int n = 0;
    for (auto* p : mPlottables) {
        if (auto* g = qobject_cast<QCPGraph*>(p)) n += g->dataCount();
        else if (auto* b = qobject_cast<QCPBars*>(p)) n += b->dataCount();
    }
    return n;
}

}  // namespace acklab::ui
