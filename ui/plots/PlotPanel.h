#pragma once
// The four live plots in a grid, with the controls they share: latency source, percentiles, the y scale
// (clip spikes / fit / log), follow the run, and one check box per profile. The time axes move together: zoom
// or pan one and the others follow. Fed by RunController's per-tick snapshots; replots once per tick, only
// the plots that changed and are visible.
#include "cluster/FaultScheduler.h"
#include "audit/E2eTypes.h"
#include "traffic/RunTypes.h"

#include <QElapsedTimer>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QPushButton;

namespace acklab::ui {

class DistributionPlot;
class E2ePlot;
class TransactionPlot;
class FailurePlot;
class LatencyPlot;
class RunPlot;
class ThroughputPlot;

class PlotPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotPanel(QWidget* parent = nullptr);

    // e2e: the run has a live end-to-end tracker; its plot takes the distribution's place (a box switches back).
    void reset(const QStringList& profiles, int64_t intervalMs, bool e2e = false, bool transactional = false);
    void addSnapshot(int run, const RunSnapshot& snapshot);
    void addE2ePoints(int run, const std::vector<E2ePoint>& points);
    void showE2e(bool on);
    void addFault(int run, const FiredFault& fault);
    int refresh();  // replots what changed; returns how many replots were queued
    void replotAllNow();  // immediate, e.g. before a grab

    LatencyPlot* latency() const { return latency_; }
    DistributionPlot* distribution() const { return distribution_; }
    E2ePlot* e2e() const { return e2e_; }
    TransactionPlot* transactions() const { return transactions_; }
    ThroughputPlot* throughput() const { return throughput_; }
    FailurePlot* failures() const { return failures_; }
    std::vector<RunPlot*> plots() const;
    std::vector<RunPlot*> timePlots() const;
    void setYScale(int index);  // 0 clip spikes (marked), 1 fit everything, 2 logarithmic
    void setFollowing(bool on);
    void setProfileVisible(int run, bool visible);
    QComboBox* yScaleBox() const { return yScale_; }
    int replotCount() const;
    bool exportAll(const QString& directory, QString* error);

private:
    LatencyPlot* latency_;
    DistributionPlot* distribution_;
    E2ePlot* e2e_;
    TransactionPlot* transactions_;  // below the others, for transactional runs only
    QCheckBox* showE2e_;
    ThroughputPlot* throughput_;
    FailurePlot* failures_;
    void linkTimeAxes();

    QComboBox* source_;
    QCheckBox* showP50_;
    QCheckBox* showP99_;
    QCheckBox* showMax_;
    QComboBox* yScale_;
    QPushButton* follow_;
    QHBoxLayout* profileBoxes_;
    std::vector<QCheckBox*> profileChecks_;
    std::vector<QElapsedTimer> lastHistogram_;
    bool linking_ = false;
};

}  // namespace acklab::ui
