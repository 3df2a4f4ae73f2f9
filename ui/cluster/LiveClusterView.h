#pragma once
// The live cluster view: brokers, the run's partitions (leader, replicas, ISR) and the faults fired, refreshed
// while a run goes. Faults are fired from it: right-click a broker (down / up / round trip / errors on the
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

    ClusterViewModel* model() const { return model_; }
    QTreeView* tree() const { return tree_; }
    void setView(const ClusterView& view, double nowSec = -1);
    // Which faults the menus offer: "embedded", "local", or "" (external / no run: none).
    void setFaultKind(const QString& kind) { faultKind_ = kind; }
    QString faultKind() const { return faultKind_; }
    // The fault specs the context menu offers for a row (tests use this; the menu shows the same).
    QList<QPair<QString, QString>> faultActions(const QModelIndex& index) const;  // (label, spec)

signals:
    void faultRequested(const QString& spec);

private:
    void showMenu(const QPoint& pos);
    void updateSummary();

    ClusterViewModel* model_;
    QTreeView* tree_;
    QLabel* summary_;
    QString faultKind_;
};

}  // namespace acklab::ui
