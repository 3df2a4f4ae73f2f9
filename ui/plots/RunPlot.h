#pragma once
// Base of the live plots (docs/architecture.md, rule 4): aggregates per interval, a trimmed time window, 1-px pens, no
// antialiasing, and a replot queued only when something changed and the plot is visible. Adds fault markers,
// hover tooltips with values and PNG export.
#include <qcustomplot.h>

#include <QString>

namespace acklab::ui {

class RunPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit RunPlot(const QString& title, QWidget* parent = nullptr);

    void markDirty() { dirty_ = true; }
    bool dirty() const { return dirty_; }
    // Replots (queued) when something changed and the plot can be seen. Returns true when it asked for one.
    bool refresh();
    int replotCount() const { return replots_; }

    // Time axis: [now - window, now], seconds since the run's start. Data older than the window is dropped.
    void setWindowSeconds(double seconds) { window_ = seconds; }
    double windowSeconds() const { return window_; }
    virtual bool hasTimeAxis() const { return true; }
    void followTime(double nowSec);

    void addFaultMarker(double xSec, const QString& label, bool ok);
    int faultMarkerCount() const { return markers_; }
    void clearAll();  // graphs, bars, markers

    bool exportPng(const QString& path);
    QString title() const { return title_; }
    void setSubtitle(const QString& text);  // e.g. which pen style is which percentile
    // The text shown when hovering at plot x; subclasses may add to it.
    virtual QString tooltipAt(double x) const;

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void trimBefore(double xSec);  // drops data older than xSec from every plottable
    void rescaleValues();          // fits the value axes to what is inside the time window
    static QPen pen(const QColor& c, Qt::PenStyle style = Qt::SolidLine);
    QString valueUnit_ = "ms";
    double now_ = 0;

private:
    QString title_;
    QCPTextElement* titleElement_ = nullptr;
    double window_ = 300.0;  // 5 minutes
    bool dirty_ = false;
    int replots_ = 0;
    int markers_ = 0;
    QList<QCPItemText*> markerLabels_;
};

}  // namespace acklab::ui
