#pragma once
// The monitor's history, one point a second: produce and end-to-end availability (%) on the left axis,
// delivery and end-to-end p99 (ms) on the right. Follows the last ten minutes; the whole hour kept can be
// scrolled back with the wheel and drag; a double-click follows again.
#include "monitor/Monitor.h"
#include "plots/FaultSpans.h"

#include <qcustomplot.h>

namespace acklab::ui {

class MonitorPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit MonitorPlot(QWidget* parent = nullptr);

    void clear();
    void addSeconds(const std::vector<MonitorSecond>& seconds);
    void refresh();  // rescales and replots (queued) when points were added
    int pointCount() const;
    // A fault as it was fired or undone (its time on the monitor's time line): a span is shaded from the fault to
    // its end (its for= undo, or "up" after "down"), and up to the last second while it lasts; one-shot faults
    // are a marker line. Labelled at the top.
    void addFault(const FiredFault& fired);
    const std::vector<FaultSpan>& faultSpans() const { return spans_.spans(); }
    bool following() const { return following_; }

protected:
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    QCPGraph* produce_;
    QCPGraph* e2e_;
    QCPGraph* deliveryP99_;
    QCPGraph* e2eP99_;
    void drawFaults();

    FaultSpans spans_;
    bool faultsChanged_ = false;
    double lastT_ = 0;
    bool dirty_ = false;
    bool following_ = true;
};

}  // namespace acklab::ui
