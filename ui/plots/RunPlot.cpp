#include "plots/RunPlot.h"

#include "ColorScheme.h"
#include "Dialogs.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace acklab::ui {

RunPlot::RunPlot(const QString& title, QWidget* parent) : QCustomPlot(parent), title_(title) {
    setObjectName(title);
    setNotAntialiasedElements(QCP::aeAll);
    setAntialiasedElements(QCP::aeNone);
    setPlottingHint(QCP::phFastPolylines, true);
    setPlottingHint(QCP::phImmediateRefresh, false);
    setMinimumSize(320, 220);
    plotLayout()->insertRow(0);
    titleElement_ = new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::Bold));
    plotLayout()->addElement(0, 0, titleElement_);
    QFont small = font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() - 1.0));
    legend->setFont(small);
    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    legend->setBorderPen(QPen(QColor(180, 180, 180)));
    legend->setRowSpacing(-3);
    legend->setColumnSpacing(6);
    // The legend sits in its own row under the title, never over the data.
    axisRect()->insetLayout()->take(legend);
    plotLayout()->insertRow(1);
    plotLayout()->addElement(1, 0, legend);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(4);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(2, 0, 2, 0));
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowStretchFactor(1, 0.001);
    plotLayout()->setRowSpacing(0);
    titleElement_->setMargins(QMargins(0, 2, 0, 0));
    xAxis->setLabel(tr("time since start (s)"));
    xAxis->setRange(0, 10);
    yAxis->setRange(0, 1);
    setMouseTracking(true);
    connect(this, &QCustomPlot::afterReplot, this, [this] { ++replots_; });
}

QPen RunPlot::pen(const QColor& c, Qt::PenStyle style) {
    QPen p(c);
    p.setWidth(1);  // 1-px cosmetic pens draw fastest
    p.setCosmetic(true);
    p.setStyle(style);
    return p;
}

bool RunPlot::refresh() {
    if (!dirty_ || !isVisible()) return false;  // nothing new, or nobody can see it
    dirty_ = false;
    rescaleValues();
    // Labels of markers in the right half hang to the left of their line, so they are not clipped.
    const QRect area = axisRect()->rect();
    for (auto* t : markerLabels_) {
        const double px = xAxis->coordToPixel(t->position->coords().x());
        const int width = QFontMetrics(t->font()).horizontalAdvance(t->text()) + 8;
        const double roomRight = area.right() - px, roomLeft = px - area.left();
        const bool left = roomRight < width && roomLeft > roomRight;
        t->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    replot(QCustomPlot::rpQueuedReplot);
    return true;
}

void RunPlot::followTime(double nowSec) {
    now_ = std::max(now_, nowSec);
    if (!hasTimeAxis()) return;
    const double lo = std::max(0.0, now_ - window_);
    xAxis->setRange(lo, std::max(lo + 10.0, now_ + 0.5));
    if (now_ > window_) trimBefore(lo);
}

void RunPlot::trimBefore(double xSec) {
    for (int i = 0; i < graphCount(); ++i) graph(i)->data()->removeBefore(xSec);
    for (int i = 0; i < plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(plottable(i))) bars->data()->removeBefore(xSec);
}

void RunPlot::rescaleValues() {
    for (QCPAxis* axis : {yAxis, yAxis2}) {
        if (!axis->visible() && axis == yAxis2) continue;
        bool found = false;
        QCPRange all;
        for (int i = 0; i < plottableCount(); ++i) {
            auto* p = plottable(i);
            if (!p->visible() || p->valueAxis() != axis) continue;
            bool ok = false;
            const QCPRange r = p->getValueRange(ok, QCP::sdBoth, hasTimeAxis() ? xAxis->range() : QCPRange());
            if (!ok) continue;
            all = found ? QCPRange(std::min(all.lower, r.lower), std::max(all.upper, r.upper)) : r;
            found = true;
        }
        if (!found) continue;
        if (axis->scaleType() == QCPAxis::stLogarithmic) {
            axis->setRange(std::max(1e-3, all.lower * 0.8), std::max(all.upper * 1.25, all.lower * 10));
        } else {
            axis->setRange(0, all.upper <= 0 ? 1.0 : all.upper * 1.12);
        }
    }
}

void RunPlot::addFaultMarker(double xSec, const QString& label, bool ok) {
    const QColor c = ok ? ColorScheme::faultMarker() : ColorScheme::errorClass("permanent");
    auto* line = new QCPItemStraightLine(this);
    line->point1->setType(QCPItemPosition::ptPlotCoords);
    line->point2->setType(QCPItemPosition::ptPlotCoords);
    line->point1->setCoords(xSec, 0);
    line->point2->setCoords(xSec, 1);
    line->setPen(pen(c, Qt::DashLine));
    line->setClipToAxisRect(true);
    auto* text = new QCPItemText(this);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    // Stagger labels so faults close together stay readable.
    text->position->setCoords(xSec, 0.30 + 0.12 * (markers_ % 4));
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    text->setPadding(QMargins(3, 0, 3, 0));
    text->setText(label);
    QFont f = font();
    f.setPointSizeF(std::max(6.5, f.pointSizeF() - 1.5));
    text->setFont(f);
    text->setColor(c.darker(130));
    text->setBrush(QColor(255, 255, 255, 200));
    text->setClipToAxisRect(true);
    markerLabels_.append(text);
    ++markers_;
    markDirty();
}

void RunPlot::clearAll() {
    clearGraphs();
    clearPlottables();
    clearItems();
    markerLabels_.clear();
    markers_ = 0;
    now_ = 0;
    if (hasTimeAxis()) xAxis->setRange(0, 10);
    markDirty();
}

bool RunPlot::exportPng(const QString& path) {
    replot(QCustomPlot::rpImmediateRefresh);
    return QCustomPlot::savePng(path);
}

void RunPlot::setSubtitle(const QString& text) {
    titleElement_->setText(text.isEmpty() ? title_ : title_ + "  (" + text + ")");
}

QString RunPlot::tooltipAt(double x) const {
    QStringList lines;
    if (hasTimeAxis()) lines << tr("t = %1 s").arg(x, 0, 'f', 1);
    for (auto* p : mPlottables) {
        if (!p->visible()) continue;
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
    menu.addAction(tr("Save %1 as PNG…").arg(title_), this, [this] {
        const QString path = Dialogs::saveFile(this, tr("Save plot"), tr("PNG image (*.png)"), title_ + ".png");
        if (!path.isEmpty() && !exportPng(path)) Dialogs::error(this, tr("Save plot"), tr("Cannot write %1").arg(path));
    });
    menu.exec(event->globalPos());
}

}  // namespace acklab::ui
