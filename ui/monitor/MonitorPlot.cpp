#include "monitor/MonitorPlot.h"

#include "plots/LegendRow.h"
#include "plots/TimeSpan.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace acklab::ui {
namespace {

constexpr double kWindowSeconds = 600;

QCPGraph* line(QCustomPlot* plot, QCPAxis* y, const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine) {
    auto* g = plot->addGraph(plot->xAxis, y);
    g->setName(name);
    QPen pen(color);
    pen.setWidthF(1.5);
    pen.setStyle(style);
    g->setPen(pen);
    return g;
}

}  // namespace

MonitorPlot::MonitorPlot(QWidget* parent) : QCustomPlot(parent) {
    setObjectName("monitorPlot");
    setMinimumHeight(150);  // the page fits a 1366x768 screen without scrolling
    xAxis->setLabel(tr("seconds since the monitor started"));
    yAxis->setLabel(tr("availability (%)"));
    yAxis->setRange(0, 105);
    yAxis2->setVisible(true);
    yAxis2->setLabel(tr("p99 ms (log)"));
    // Logarithmic: a 30 s stall and the 15 ms of a healthy second stay readable on one axis.
    yAxis2->setScaleType(QCPAxis::stLogarithmic);
    yAxis2->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    yAxis2->setNumberFormat("gb");
    produce_ = line(this, yAxis, tr("produce availability"), QColor(31, 119, 180));
    e2e_ = line(this, yAxis, tr("end-to-end availability"), QColor(44, 160, 44));
    deliveryP99_ = line(this, yAxis2, tr("delivery p99"), QColor(255, 127, 14), Qt::DashLine);
    e2eP99_ = line(this, yAxis2, tr("end-to-end p99"), QColor(148, 103, 189), Qt::DashLine);
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    // The legend has a row of its own above the plot: inside it, it hid the healthy seconds' latency lines.
    putLegendInRow(*this, 0);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    // A drag or a wheel turn looks back in time: stop following until a double-click.
    connect(this, &QCustomPlot::mousePress, this, [this] { following_ = false; });
    connect(this, &QCustomPlot::mouseWheel, this, [this] { following_ = false; });
    xAxis->setRange(0, 60);
}

void MonitorPlot::addFault(const FiredFault& fired) {
    spans_.add(fired);
    faultsChanged_ = true;
    dirty_ = true;
}

void MonitorPlot::drawFaults() {
    clearItems();
    const QColor shade(214, 39, 40);
    int row = 0;
    for (const auto& f : spans_.spans()) {
        const double to = f.point ? -1 : (f.endSec >= 0 ? f.endSec : lastT_);  // still going: up to now
        if (to > f.startSec) addTimeSpan(*this, f.startSec, to, QColor(shade.red(), shade.green(), shade.blue(), 28));
        auto* start = new QCPItemStraightLine(this);
        start->point1->setCoords(f.startSec, 0);
        start->point2->setCoords(f.startSec, 1);
        start->setPen(QPen(f.ok ? shade : QColor(120, 120, 120), 1, Qt::DotLine));
        auto* text = new QCPItemText(this);
        text->position->setTypeX(QCPItemPosition::ptPlotCoords);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(f.startSec, 0.02 + 0.06 * (row++ % 3));  // a few rows: close labels stay readable
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        text->setText(f.label);
        text->setColor(shade.darker(130));
        text->setFont(QFont(font().family(), 8));
        text->setClipToAxisRect(true);
    }
    faultsChanged_ = false;
}

void MonitorPlot::clear() {
    for (auto* g : {produce_, e2e_, deliveryP99_, e2eP99_}) g->data()->clear();
    clearItems();
    spans_.clear();
    faultsChanged_ = false;
    lastT_ = 0;
    following_ = true;
    dirty_ = true;
}

void MonitorPlot::addSeconds(const std::vector<MonitorSecond>& seconds) {
    for (const auto& s : seconds) {
        const double t = static_cast<double>(s.tS);
        produce_->addData(t, 100.0 * s.produceAvailability);
        e2e_->addData(t, 100.0 * s.e2eAvailability);
        // A second in which nothing was acknowledged (or read) has no latency: a gap in the line, not 0 ms.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double delivery = s.delivered > 0 ? std::max(s.deliveryP99Ms, 0.001) : nan;
        const double e2e = s.seen > 0 ? std::max(s.e2eP99Ms, 0.001) : nan;
        deliveryP99_->addData(t, delivery);
        e2eP99_->addData(t, e2e);
        lastT_ = std::max(lastT_, t);
        dirty_ = true;
    }
}

int MonitorPlot::pointCount() const { return produce_->data()->size(); }

void MonitorPlot::refresh() {
    if (!dirty_) return;
    dirty_ = false;
    const bool open = std::any_of(spans_.spans().begin(), spans_.spans().end(),
                                  [](const FaultSpan& f) { return !f.point && f.endSec < 0; });
    if (faultsChanged_ || open) drawFaults();
    if (following_) xAxis->setRange(std::max(0.0, lastT_ - kWindowSeconds), std::max(60.0, lastT_ + 1));
    // The latency axis spans what is in view, in whole decades.
    double low = std::numeric_limits<double>::infinity(), high = 0;
    for (auto* g : {deliveryP99_, e2eP99_}) {
        bool found = false;
        const QCPRange r = g->getValueRange(found, QCP::sdBoth, xAxis->range());
        if (!found) continue;
        low = std::min(low, r.lower);
        high = std::max(high, r.upper);
    }
    if (high <= 0) low = 1, high = 100;
    yAxis2->setRange(std::pow(10.0, std::floor(std::log10(std::max(low, 0.01)))),
                     std::pow(10.0, std::ceil(std::log10(std::max(high * 1.01, 1.0)))));
    if (isVisible()) replot(QCustomPlot::rpQueuedReplot);
}

void MonitorPlot::mouseDoubleClickEvent(QMouseEvent* event) {
    following_ = true;
    dirty_ = true;
    refresh();
    QCustomPlot::mouseDoubleClickEvent(event);
}

}  // namespace acklab::ui
