#pragma once
// Base of the live plots: aggregates per interval, 1-px pens, no antialiasing, a replot queued only when
// something changed and the plot is visible, hover tooltips with values, PNG export. On top of that, what
// keeps a live plot readable and honest:
//  - the time axis fits the run, then scrolls; wheel zooms and drag pans (time only), double-click follows
//    the run again;
//  - time series are kept raw (per interval) and drawn binned to what the width can show: a long or
//    zoomed-out run is aggregated more coarsely (sums for counts, max for p99 and max, median for p50);
//  - a y range that keeps the steady state readable under spikes: "clip" sets the axis on the bulk of the
//    values and marks every point above it with a red triangle (hover gives the true value), "log" and
//    "fit" are the alternatives; nothing above the axis goes unmarked;
//  - faults as shaded spans (start to end) with one row of short labels that never overlap, details on hover;
//  - per-profile visibility.
#include "plots/FaultSpans.h"

#include <qcustomplot.h>

#include <QString>

#include <deque>
#include <set>
#include <vector>

namespace acklab::ui {

class RunPlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class YScale { Fit, Clip, Log };
    enum class Combine { Sum, Mean, Max, Median };  // how a bin of intervals is drawn

    explicit RunPlot(const QString& title, QWidget* parent = nullptr);

    void markDirty() { dirty_ = true; }
    bool dirty() const { return dirty_; }
    // Replots (queued) when something changed and the plot can be seen. Returns true when it asked for one.
    bool refresh();
    int replotCount() const { return replots_; }

    // Time axis: seconds since the run's start. Following: [0, now] while the run is shorter than the window,
    // then the last `window` seconds. Raw points older than the retention are dropped.
    void setWindowSeconds(double seconds) { window_ = seconds; }
    double windowSeconds() const { return window_; }
    virtual bool hasTimeAxis() const { return true; }
    void followTime(double nowSec);
    bool following() const { return following_; }
    void setFollowing(bool on);
    void setTimeRange(double lo, double hi);  // stops following (zoom and pan do this too)
    void setIntervalSeconds(double s) { intervalSec_ = s > 0 ? s : 0.1; }
    int binIntervals() const { return bin_; }  // intervals per drawn point, after the last refresh

    void setYScale(YScale scale);
    YScale yScale() const { return yScale_; }
    int clippedPoints() const { return clipped_; }  // points above the axis, marked, after the last refresh

    void setRunVisible(int run, bool visible);
    bool runVisible(int run) const { return !hiddenRuns_.count(run); }

    void addFault(const FiredFault& fault);
    int faultMarkerCount() const { return static_cast<int>(faults_.spans().size()); }
    const std::vector<FaultSpan>& faultSpans() const { return faults_.spans(); }
    int visibleFaultLabels() const;  // after the last refresh
    void clearAll();  // graphs, bars, markers, raw series

    bool exportPng(const QString& path);
    QString title() const { return title_; }
    void setSubtitle(const QString& text);  // e.g. which pen style is which percentile
    // The text shown when hovering at plot x; subclasses may add to it.
    virtual QString tooltipAt(double x) const;
    int rawPointCount() const;  // points kept for the graphs (all runs)

signals:
    void followingChanged(bool following);
    void userTimeRangeChanged(double lo, double hi);  // the user zoomed or panned this plot

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    // A graph whose data this base class draws from raw points: binned by `combine`, run for visibility.
    void track(QCPGraph* graph, int run, Combine combine, bool visible = true);
    void addRaw(QCPGraph* graph, double x, double value);
    void setTrackedVisible(QCPGraph* graph, bool visible);  // the subclass's own choice (e.g. max off)
    virtual void onRunVisibilityChanged() {}  // for plots that decide visibility themselves
    void trimBefore(double xSec);  // drops data older than xSec from bars (graphs keep raw points)
    void rescaleValues();          // fits the value axes to what is inside the time window
    static QPen pen(const QColor& c, Qt::PenStyle style = Qt::SolidLine);
    QString valueUnit_ = "ms";
    double now_ = 0;

private:
    struct Tracked {
        QCPGraph* graph;
        int run;
        Combine combine;
        bool wanted;  // the subclass wants it shown
        std::deque<std::pair<double, double>> raw;
    };
    Tracked* tracked(QCPGraph* g);
    void applyTrackedVisibility();
    void rebin();
    void drawFaults();
    void markClipped(QCPAxis* axis, double top);
    void noteUserRange();

    QString title_;
    QCPTextElement* titleElement_ = nullptr;
    double window_ = 120.0;      // seconds shown while following a long run
    double retention_ = 1800.0;  // seconds of raw points kept (30 minutes)
    double intervalSec_ = 0.1;
    bool dirty_ = false;
    bool following_ = true;
    bool settingRange_ = false;
    int replots_ = 0;
    int bin_ = 1;
    int clipped_ = 0;
    YScale yScale_ = YScale::Fit;
    std::vector<Tracked> tracked_;
    std::set<int> hiddenRuns_;
    FaultSpans faults_;
    std::vector<QCPAbstractItem*> faultItems_;
    std::vector<QCPItemText*> faultLabels_;
    QCPGraph* clipMarks_ = nullptr;
    QCPItemText* clipNote_ = nullptr;
};

}  // namespace acklab::ui
