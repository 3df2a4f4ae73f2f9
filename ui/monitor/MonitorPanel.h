#pragma once
// Monitor mode in the window: a low steady stream into the cluster chosen in the Cluster tab, a consumer
// beside it, and what a client of that cluster lives through, as rolling windows (1 min, 5 min, 1 h) and a
// per-second history: produce and end-to-end availability, delivery and end-to-end latency, loss and
// duplicate rates, errors by class. Optionally serves the same numbers to Prometheus. Runs until stopped,
// independently of the runs in the Runs view.
//
// Nothing waits on the UI thread: the monitor is built (the topic created), stopped (the last reports and
// their judgement) and destroyed on a worker; faults fired from here run there too. The panel reads the
// monitor's snapshot twice a second (a copy under its mutex).
#include "common/SerialWorker.h"
#include "monitor/MetricsServer.h"
#include "cluster/Cluster.h"
#include "cluster/FaultScheduler.h"
#include "monitor/Monitor.h"
#include "profile/ProducerProfile.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace acklab {
class Cluster;
}

namespace acklab::ui {

class ClusterPanel;
class MonitorPlot;

class MonitorPanel : public QWidget {
    Q_OBJECT
public:
    // `currentProfile` gives the Profile tab's profile (the first choice of the profile box).
    MonitorPanel(ClusterPanel* cluster, std::function<ProducerProfile()> currentProfile, QWidget* parent = nullptr);
    ~MonitorPanel() override;

    enum class State { Idle, Starting, Running, Stopping };
    State state() const { return state_; }
    bool start(QString* error = nullptr);  // false (with *error) when the form is wrong or a monitor is going
    void stop();
    void fireFault(const QString& spec);
    // Stops at once and waits for the worker (window close; tests).
    void shutdown();

    QString statusText() const;
    QString metricsUrl() const;
    const MonitorSnapshot& lastSnapshot() const { return last_; }
    QString topic() const;  // the topic the monitor writes to (the form's field)
    MonitorPlot* plot() const { return plot_; }
    QTableWidget* windowsTable() const { return table_; }

    // Form fields, for tests and the headless driver.
    void setRate(double perSecond);
    void setTopic(const QString& topic);
    void setMetricsAddress(const QString& hostPort);  // "" turns the endpoint off

signals:
    void stateChanged(acklab::ui::MonitorPanel::State state);
    // For the event log / status bar; atSec: when it happened on the monitor's time line (-1: now).
    void message(const QString& severity, const QString& text, double atSec = -1);
    // The monitored cluster as it is now (read on the worker twice a second while the monitor runs);
    // kind "embedded" / "local" / "external" tells which faults apply.
    void clusterViewChanged(const acklab::ClusterView& view, double monitorSeconds, const QString& kind);
    // A fault fired on the monitored cluster, or its undo, as it happened (atMs on the monitor's time line).
    void faultFired(const acklab::FiredFault& fault);

private:
    struct Built {  // what the worker made for a start
        std::unique_ptr<Cluster> cluster;
        std::shared_ptr<Monitor> monitor;
        std::shared_ptr<FaultScheduler> faults;  // the fault field's: undoes for= faults, and all of them at stop
        QString error;
    };
    void onBuilt(uint64_t generation, Built& built);
    void poll();
    void showSnapshot();
    void setState(State s);
    void finishStop();

    ClusterPanel* clusterPanel_;
    std::function<ProducerProfile()> currentProfile_;
    QComboBox* profile_;
    QDoubleSpinBox* rate_;
    QLineEdit* topic_;
    QCheckBox* metricsOn_;
    QLineEdit* metricsAddress_;
    QPushButton* startStop_;
    QLineEdit* fault_;
    QPushButton* fire_;
    QLabel* status_;
    QTableWidget* table_;
    MonitorPlot* plot_;
    QTimer* poll_;

    State state_ = State::Idle;
    std::unique_ptr<Cluster> ownedCluster_;  // embedded / external: the monitor's own client of it
    std::shared_ptr<Monitor> monitor_;
    std::shared_ptr<FaultScheduler> faults_;  // fires on worker_; released before the cluster it acts on
    MonitorSnapshot last_;
    size_t secondsAt_ = 0;
    struct MetricsSource;
    std::shared_ptr<MetricsSource> metricsSource_;  // what the endpoint serves: the live monitor, then its final text
    MetricsServer metrics_;
    uint64_t generation_ = 0;
    bool viewBusy_ = false;  // a cluster view read is under way on worker_
    SerialWorker worker_;  // declared last: drained first, before what its tasks use
};

}  // namespace acklab::ui
