#pragma once
// The monitor's history, one point a second: produce and end-to-end availability (%) on the left axis,
// delivery and end-to-end p99 (ms) on the right. Follows the last ten minutes; the whole hour kept can be
// scrolled back with the wheel and drag; a double-click follows again.
#include "monitor/Monitor.h"

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
    // A fault fired at `from` (seconds), shaded until `to` (-1: a marker line only), labelled at the top.
    void addFault(double from, double to, const QString& label);
    int faultCount() const { return faults_; }
    bool following() const { return following_; }

protected:
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    QCPGraph* produce_;
    QCPGraph* e2e_;
    QCPGraph* deliveryP99_;
    QCPGraph* e2eP99_;
    int faults_ = 0;
    double lastT_ = 0;
    bool dirty_ = false;
    bool following_ = true;
};

}  // namespace acklab::ui
