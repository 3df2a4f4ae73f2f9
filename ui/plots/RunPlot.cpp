#include "plots/RunPlot.h"

#include "ColorScheme.h"
#include "Dialogs.h"
#include "common/Format.h"
#include "plots/LegendRow.h"
#include "plots/TimeSpan.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace acklab::ui {

namespace {
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

double combine(RunPlot::Combine how, std::vector<double>& values) {
    if (values.empty()) return kNan;
    switch (how) {
        case RunPlot::Combine::Sum: {
            double s = 0;
            for (double v : values) s += v;
            return s;
        }
        case RunPlot::Combine::Mean: {
            double s = 0;
            for (double v : values) s += v;
            return s / static_cast<double>(values.size());
        }
        case RunPlot::Combine::Max: return *std::max_element(values.begin(), values.end());
        case RunPlot::Combine::Median: {
            auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
            std::nth_element(values.begin(), mid, values.end());
            return *mid;
        }
    }
    return kNan;
}

// 1, 2, 5, 10, 25, 50, 100 ... intervals per drawn point: bins that line up as the view zooms.
int niceBin(double wanted) {
    static const int steps[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
    for (int s : steps)
        if (s >= wanted) return s;
    return 10000;
}
}  // namespace

RunPlot::RunPlot(const QString& title, QWidget* parent) : QCustomPlot(parent), title_(title) {
    setObjectName(title);
    setNotAntialiasedElements(QCP::aeAll);
    setAntialiasedElements(QCP::aeNone);
    setPlottingHint(QCP::phFastPolylines, true);
    setPlottingHint(QCP::phImmediateRefresh, false);
    setMinimumSize(220, 150);  // four side by side beside both docks on a 1366x768 screen
    plotLayout()->insertRow(0);
    QFont titleFont(font().family(), font().pointSize(), QFont::Bold);
    titleElement_ = new QCPTextElement(this, title, titleFont);
    plotLayout()->addElement(0, 0, titleElement_);
    QFont small = font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() - 1.0));
    legend->setFont(small);
    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    legend->setBorderPen(QPen(QColor(180, 180, 180)));
    legend->setRowSpacing(-3);
    legend->setColumnSpacing(6);
    putLegendInRow(*this, 1);  // under the title, never over the data
    plotLayout()->setRowStretchFactor(0, 0.001);
    titleElement_->setMargins(QMargins(0, 2, 0, 0));
    xAxis->setLabel(tr("time since start (s)"));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 1);
    setMouseTracking(true);
    // Time only: wheel zooms, drag pans; the value axis follows what is in view.
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this](const QCPRange&) {
        if (!settingRange_ && hasTimeAxis()) noteUserRange();
    });
    connect(this, &QCustomPlot::afterReplot, this, [this] { ++replots_; });
    clearAll();
}

QPen RunPlot::pen(const QColor& c, Qt::PenStyle style) {
    QPen p(c);
    p.setWidth(1);  // 1-px cosmetic pens draw fastest
    p.setCosmetic(true);
    p.setStyle(style);
    return p;
}

// ---- time axis

void RunPlot::followTime(double nowSec) {
    now_ = std::max(now_, nowSec);
    if (!hasTimeAxis()) return;
    const double keepFrom = now_ - retention_;
    if (keepFrom > 0) {
        for (auto& t : tracked_)
            while (!t.raw.empty() && t.raw.front().first < keepFrom) t.raw.pop_front();
        trimBefore(keepFrom);
    }
    if (following_) {
        const double lo = std::max(0.0, now_ - window_);
        const double span = std::max(now_ - lo, 0.2);
        settingRange_ = true;
        xAxis->setRange(lo, lo + span * 1.02);
        settingRange_ = false;
    }
    markDirty();
}

void RunPlot::setFollowing(bool on) {
    if (following_ == on) return;
    following_ = on;
    if (on) followTime(now_);
    markDirty();
    emit followingChanged(on);
}

void RunPlot::setTimeRange(double lo, double hi) {
    if (hi <= lo) return;
    settingRange_ = true;
    xAxis->setRange(lo, hi);
    settingRange_ = false;
    if (following_) {
        following_ = false;
        emit followingChanged(false);
    }
    markDirty();
}

void RunPlot::noteUserRange() {
    if (xAxis->range().lower < 0) {
        settingRange_ = true;
        xAxis->setRange(0, xAxis->range().size());
        settingRange_ = false;
    }
    if (following_) {
        following_ = false;
        emit followingChanged(false);
    }
    markDirty();
    emit userTimeRangeChanged(xAxis->range().lower, xAxis->range().upper);
}

void RunPlot::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    setFollowing(true);
    refresh();
}

void RunPlot::trimBefore(double xSec) {
    for (int i = 0; i < plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(plottable(i))) bars->data()->removeBefore(xSec);
}

// ---- raw series, binned to the width

void RunPlot::track(QCPGraph* graph, int run, Combine how, bool visible) {
    graph->setProperty("run", run);
    tracked_.push_back({graph, run, how, visible, {}});
    graph->setVisible(visible && runVisible(run));
}

RunPlot::Tracked* RunPlot::tracked(QCPGraph* g) {
    for (auto& t : tracked_)
        if (t.graph == g) return &t;
    return nullptr;
}

void RunPlot::addRaw(QCPGraph* graph, double x, double value) {
    if (auto* t = tracked(graph)) t->raw.emplace_back(x, value);
    markDirty();
}

void RunPlot::setTrackedVisible(QCPGraph* graph, bool visible) {
    if (auto* t = tracked(graph)) t->wanted = visible;
    applyTrackedVisibility();
}

void RunPlot::setRunVisible(int run, bool visible) {
    if (visible) hiddenRuns_.erase(run);
    else hiddenRuns_.insert(run);
    applyTrackedVisibility();
    onRunVisibilityChanged();
}

void RunPlot::applyTrackedVisibility() {
    for (auto& t : tracked_) t.graph->setVisible(t.wanted && runVisible(t.run));
    // Plottables a subclass draws itself (bars, step lines) carry their run too.
    for (int i = 0; i < plottableCount(); ++i) {
        auto* p = plottable(i);
        if (p == clipMarks_ || tracked(qobject_cast<QCPGraph*>(p))) continue;
        const QVariant run = p->property("run");
        if (run.isValid()) p->setVisible(runVisible(run.toInt()));
    }
    markDirty();
}

int RunPlot::rawPointCount() const {
    size_t n = 0;
    for (const auto& t : tracked_) n += t.raw.size();
    return static_cast<int>(n);
}

void RunPlot::rebin() {
    if (tracked_.empty()) return;
    const QCPRange r = xAxis->range();
    // Before the first replot the layout has not placed the axis rect yet: estimate it from the widget.
    const double px = axisRect()->width() > 50 ? axisRect()->width() : std::max(50, width() - 80);
    // At least ~3 pixels per drawn point: more would only draw noise on top of itself.
    bin_ = niceBin(r.size() / px * 3.0 / intervalSec_);
    const double binSec = bin_ * intervalSec_;
    const double from = r.lower - binSec, to = r.upper + binSec;
    std::vector<double> values;
    for (auto& t : tracked_) {
        if (!t.graph->visible()) continue;
        QVector<QCPGraphData> out;
        auto it = std::lower_bound(t.raw.begin(), t.raw.end(), from,
                                   [](const std::pair<double, double>& p, double x) { return p.first < x; });
        if (bin_ == 1) {
            for (; it != t.raw.end() && it->first <= to; ++it) out.append(QCPGraphData(it->first, it->second));
        } else {
            while (it != t.raw.end() && it->first <= to) {
                const double start = std::floor(it->first / binSec + 1e-9) * binSec;
                values.clear();
                for (; it != t.raw.end() && it->first < start + binSec - 1e-9; ++it)
                    if (std::isfinite(it->second)) values.push_back(it->second);
                out.append(QCPGraphData(start, combine(t.combine, values)));  // NaN: no report in the bin, a gap
            }
        }
        t.graph->data()->set(out, true);
    }
}

// ---- value axis

void RunPlot::setYScale(YScale scale) {
    if (yScale_ == scale) return;
    yScale_ = scale;
    if (scale == YScale::Log) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    markDirty();
}

void RunPlot::rescaleValues() {
    clipped_ = 0;
    clipMarks_->data()->clear();
    clipNote_->setVisible(false);
    const QCPRange xr = xAxis->range();
    for (QCPAxis* axis : {yAxis, yAxis2}) {
        if (!axis->visible() && axis == yAxis2) continue;
        std::vector<double> values;
        bool found = false;
        QCPRange all;
        for (int i = 0; i < plottableCount(); ++i) {
            auto* p = plottable(i);
            if (p == clipMarks_ || !p->visible() || p->valueAxis() != axis) continue;
            bool ok = false;
            const QCPRange r = p->getValueRange(ok, QCP::sdBoth, hasTimeAxis() ? xr : QCPRange());
            if (!ok) continue;
            all = found ? QCPRange(std::min(all.lower, r.lower), std::max(all.upper, r.upper)) : r;
            found = true;
            if (auto* g = qobject_cast<QCPGraph*>(p); g && axis == yAxis && yScale_ == YScale::Clip)
                for (auto it = g->data()->findBegin(xr.lower); it != g->data()->findEnd(xr.upper); ++it)
                    if (std::isfinite(it->value)) values.push_back(it->value);
        }
        if (!found) continue;
        if (axis == yAxis && yScale_ == YScale::Log) {
            bool ok = false;
            double lowest = std::numeric_limits<double>::max();
            for (int i = 0; i < plottableCount(); ++i) {
                auto* p = plottable(i);
                if (p == clipMarks_ || !p->visible() || p->valueAxis() != axis) continue;
                const QCPRange r = p->getValueRange(ok, QCP::sdPositive, hasTimeAxis() ? xr : QCPRange());
                if (ok) lowest = std::min(lowest, r.lower);
            }
            if (lowest == std::numeric_limits<double>::max() || lowest <= 0) lowest = 0.01;
            axis->setRange(lowest * 0.8, std::max(all.upper * 1.25, lowest * 10));
            continue;
        }
        double top = all.upper <= 0 ? 1.0 : all.upper * 1.12;
        if (axis == yAxis && yScale_ == YScale::Clip && values.size() >= 20) {
            // The bulk of the values sets the axis; a spike far above it is marked, not allowed to flatten the rest.
            auto p95 = values.begin() + static_cast<std::ptrdiff_t>(values.size() * 95 / 100);
            std::nth_element(values.begin(), p95, values.end());
            const double bulk = std::max(*p95 * 1.6, 1e-9);
            if (all.upper > bulk * 1.15) {
                top = bulk * 1.12;
                markClipped(axis, top);
            }
        }
        axis->setRange(0, top);
    }
}

void RunPlot::markClipped(QCPAxis* axis, double top) {
    const QCPRange xr = xAxis->range();
    double highest = -1, highestAt = 0;
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph* g = graph(i);
        if (g == clipMarks_ || !g->visible() || g->valueAxis() != axis) continue;
        for (auto it = g->data()->findBegin(xr.lower); it != g->data()->findEnd(xr.upper); ++it) {
            if (!std::isfinite(it->value) || it->value <= top) continue;
            clipMarks_->addData(it->key, top * 0.965);
            ++clipped_;
            if (it->value > highest) {
                highest = it->value;
                highestAt = it->key;
            }
        }
    }
    if (clipped_ == 0) return;
    // Short, and the value as people write it ("10,420 ms", not "1.042e+04 ms"): right-aligned in a narrow plot, the
    // longer note ran off the plot's left edge.
    const QString value = highest >= 100 ? QString::fromStdString(thousands(static_cast<uint64_t>(std::llround(highest))))
                                         : QString::number(highest, 'f', highest >= 10 ? 1 : 2);
    clipNote_->setText(tr("▲ %1 above the axis, max %2 %3 at %4 s").arg(clipped_).arg(value, valueUnit_).arg(highestAt, 0, 'f', 1));
    clipNote_->setVisible(true);
}

// ---- faults

void RunPlot::addFault(const FiredFault& fault) {
    if (!hasTimeAxis()) return;
    faults_.add(fault);
    markDirty();
}

int RunPlot::visibleFaultLabels() const {
    int n = 0;
    for (auto* l : faultLabels_) n += l->visible() ? 1 : 0;
    return n;
}

void RunPlot::drawFaults() {
    for (auto* item : faultItems_) removeItem(item);
    faultItems_.clear();
    faultLabels_.clear();
    if (faults_.spans().empty()) return;
    QFont f = font();
    f.setPointSizeF(std::max(6.5, f.pointSizeF() - 1.5));
    const QFontMetrics fm(f);
    const QRect area = axisRect()->rect();
    double lastRight = -1e9;
    for (const auto& s : faults_.spans()) {
        const QColor c = s.ok ? QColor(230, 120, 0) : ColorScheme::errorClass("permanent");
        if (s.point) {
            auto* line = new QCPItemStraightLine(this);
            line->point1->setCoords(s.startSec, 0);
            line->point2->setCoords(s.startSec, 1);
            line->setPen(pen(c, Qt::DashLine));
            line->setClipToAxisRect(true);
            faultItems_.push_back(line);
        } else {
            QColor fill = c;
            fill.setAlpha(38);
            auto* rect = addTimeSpan(*this, s.startSec, s.endSec >= 0 ? s.endSec : std::max(now_, s.startSec), fill);
            faultItems_.push_back(rect);
        }
        // One row of labels at the top; a label that would overlap the one before is left out (hover tells).
        auto* label = new QCPItemText(this);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(s.startSec, 0);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setPadding(QMargins(2, 1, 2, 1));
        label->setFont(f);
        label->setText(s.label);
        label->setColor(c.darker(150));
        label->setBrush(QColor(255, 255, 255, 210));
        label->setClipToAxisRect(true);
        const double x = xAxis->coordToPixel(s.startSec);
        const int width = fm.horizontalAdvance(s.label) + 6;
        const bool fits = x >= area.left() - 2 && x + width <= area.right() + width / 2 && x > lastRight + 3;
        label->setVisible(fits);
        if (fits) lastRight = x + width;
        faultItems_.push_back(label);
        faultLabels_.push_back(label);
    }
}

// ---- refresh

bool RunPlot::refresh() {
    if (!dirty_ || !isVisible()) return false;  // nothing new, or nobody can see it
    dirty_ = false;
    rebin();
    rescaleValues();
    drawFaults();
    replot(QCustomPlot::rpQueuedReplot);
    return true;
}

void RunPlot::clearAll() {
    clearGraphs();
    clearPlottables();
    clearItems();
    tracked_.clear();
    faults_.clear();
    faultItems_.clear();
    faultLabels_.clear();
    now_ = 0;
    following_ = true;
    clipped_ = 0;
    bin_ = 1;
    clipMarks_ = addGraph();
    clipMarks_->setName(tr("above the axis"));
    clipMarks_->setLineStyle(QCPGraph::lsNone);
    clipMarks_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QColor(200, 30, 30), QColor(200, 30, 30), 6));
    clipMarks_->removeFromLegend();
    clipNote_ = new QCPItemText(this);
    clipNote_->position->setType(QCPItemPosition::ptAxisRectRatio);
    clipNote_->position->setCoords(1, 0.09);
    clipNote_->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    QFont f = font();
    f.setPointSizeF(std::max(6.5, f.pointSizeF() - 1.5));
    clipNote_->setFont(f);
    clipNote_->setColor(QColor(170, 20, 20));
    clipNote_->setBrush(QColor(255, 255, 255, 210));
    clipNote_->setPadding(QMargins(3, 1, 3, 1));
    clipNote_->setVisible(false);
    if (hasTimeAxis()) {
        settingRange_ = true;
        xAxis->setRange(0, 1);
        settingRange_ = false;
    }
    markDirty();
}

bool RunPlot::exportPng(const QString& path) {
    markDirty();
    refresh();
    replot(QCustomPlot::rpImmediateRefresh);
    return QCustomPlot::savePng(path);
}

void RunPlot::setSubtitle(const QString& text) {
    titleElement_->setText(text.isEmpty() ? title_ : title_ + "\n" + text);
}

QString RunPlot::tooltipAt(double x) const {
    QStringList lines;
    if (hasTimeAxis()) lines << tr("t = %1 s").arg(x, 0, 'f', 1) + (bin_ > 1 ? tr(" (per %1 s)").arg(bin_ * intervalSec_, 0, 'g', 3) : QString());
    for (auto* p : mPlottables) {
        if (!p->visible() || p == clipMarks_) continue;
        double value = 0;
        bool found = false;
        if (auto* g = qobject_cast<QCPGraph*>(p)) {
            auto it = g->data()->findBegin(x, true);
            if (it != g->data()->constEnd() && std::isfinite(it->value)) {
                auto next = it + 1;
                if (next != g->data()->constEnd() && std::abs(next->key - x) < std::abs(it->key - x)) it = next;
                value = it->value;
                found = std::isfinite(value);
            }
        } else if (auto* b = qobject_cast<QCPBars*>(p)) {
            auto it = b->data()->findBegin(x, true);
            const double halfWidth = b->width() / 2;
            if (it != b->data()->constEnd() && std::abs(it->key - x) <= halfWidth) {
                value = it->value;
                found = true;
            }
        }
        if (!found) continue;
        const QString unit = p->valueAxis() == yAxis2 ? yAxis2->label() : valueUnit_;
        lines << QString("<span style='color:%1'>■</span> %2: <b>%3</b> %4")
                     .arg(p->pen().color().name(), p->name().toHtmlEscaped())
                     .arg(value, 0, 'g', 4)
                     .arg(unit.toHtmlEscaped());
    }
    if (hasTimeAxis()) {
        const double tolerance = xAxis->range().size() / std::max(50, axisRect()->width()) * 4;
        for (const auto& s : faults_.spans()) {
            const double end = s.point ? s.startSec : (s.endSec >= 0 ? s.endSec : now_);
            if (x >= s.startSec - tolerance && x <= end + tolerance)
                lines << "<i>fault</i> " + s.details.toHtmlEscaped().replace("\n", "<br>");
        }
    }
    return lines.size() > (hasTimeAxis() ? 1 : 0) ? lines.join("<br>") : QString();
}

void RunPlot::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (!axisRect()->rect().contains(event->pos())) {
        QToolTip::hideText();
        return;
    }
    const QString text = tooltipAt(xAxis->pixelToCoord(event->pos().x()));
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void RunPlot::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    if (hasTimeAxis()) {
        menu.addAction(tr("Follow the run (double-click)"), this, [this] {
            setFollowing(true);
            refresh();
        });
        menu.addSeparator();
    }
    menu.addAction(tr("Save %1 as PNG…").arg(title_), this, [this] {
        const QString path = Dialogs::saveFile(this, tr("Save plot"), tr("PNG image (*.png)"), title_ + ".png");
        if (!path.isEmpty() && !exportPng(path)) Dialogs::error(this, tr("Save plot"), tr("Cannot write %1").arg(path));
    });
    menu.exec(event->globalPos());
}

}  // namespace acklab::ui
