#pragma once
// The live cluster view: brokers, the run's partitions (leader, replicas, ISR) and the faults fired, refreshed
// while a run goes. It keeps two clusters apart: the Runs view's and the Monitor page's, each with its own model
// (faults, "since" times, topic), and shows the one whose page is in front; what the runs' producers are told
// about their cluster always comes from the runs' model. Faults are fired from it: right-click a broker (down / up / round trip / errors on the
// embedded cluster; kill / stop / continue / restart on Local Kafka) or a partition (move its leader).
#include "cluster/ClusterViewModel.h"

#include <QWidget>

class QLabel;
class QMenu;
class QTreeView;

namespace acklab::ui {

class LiveClusterView : public QWidget {
    Q_OBJECT
public:
    explicit LiveClusterView(QWidget* parent = nullptr);

    ClusterViewModel* model() const { return model_; }                // the Runs view's cluster
    ClusterViewModel* monitorModel() const { return monitorModel_; }  // the Monitor page's cluster
    ClusterViewModel* shownModel() const { return shown_; }
    QTreeView* tree() const { return tree_; }
    void setView(const ClusterView& view, double nowSec = -1);
    // kind: the monitored cluster's "embedded" / "local" / "external": which faults its menus offer.
    void setMonitorView(const ClusterView& view, double nowSec, const QString& kind);
    void showMonitor(bool monitor);  // which of the two the tree and the summary show
    bool showsMonitor() const { return shown_ == monitorModel_; }
    // Which faults the menus offer on the runs' cluster: "embedded", "local", or "" (external / no run: none).
    void setFaultKind(const QString& kind);
    QString faultKind() const { return shown_ == monitorModel_ ? monitorFaultKind_ : faultKind_; }  // the shown one's
    // The fault specs the context menu offers for a row (tests use this; the menu shows the same).
    QList<QPair<QString, QString>> faultActions(const QModelIndex& index) const;  // (label, spec)

signals:
    void faultRequested(const QString& spec);

private:
    void showMenu(const QPoint& pos);
    void updateSummary();

    ClusterViewModel* model_;
    ClusterViewModel* monitorModel_;
    ClusterViewModel* shown_;
    QTreeView* tree_;
    QLabel* summary_;
    QString faultKind_;
    QString monitorFaultKind_;
};

}  // namespace acklab::ui
