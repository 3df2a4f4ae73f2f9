#pragma once
// The live cluster view as a tree model: brokers (state as the cluster reports it, since when, round trip,
// role), the run's topic partitions (leader, replicas, ISR; an ISR smaller than the replica list is flagged)
// and the faults fired so far. Fed a ClusterView per poll; rows update in place so selection and scrolling
// survive the refresh.
#include "cluster/Cluster.h"
#include "cluster/FaultScheduler.h"

#include <QAbstractItemModel>

#include <map>
#include <vector>

namespace acklab::ui {

class ClusterViewModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Item, State, Replicas, Isr, Detail, ColumnCount };
    enum Group { Brokers, Partitions, Faults, GroupCount };
    enum Role { BrokerIdRole = Qt::UserRole + 1, PartitionRole, GroupRole, ProblemRole };

    explicit ClusterViewModel(QObject* parent = nullptr);

    // nowSec: run time of this poll (-1 when no run), so state changes get a "since".
    void setView(const ClusterView& view, double nowSec = -1);
    void setTopic(const QString& topic) { topic_ = topic; }
    QString topic() const { return topic_; }
    void addFault(const FiredFault& fault);
    void clearFaults();
    void resetTimes();  // a new run: "since" times start again

    const ClusterView& view() const { return view_; }
    QString kind() const { return QString::fromStdString(view_.kind); }
    // The broker's state in the view's words: "up", "down", "stopped", "killed"; "" when unknown.
    QString brokerState(int32_t id) const;
    double brokerStateSince(int32_t id) const;  // run seconds, -1 unknown
    int underReplicatedPartitions() const;
    int partitionsWithoutLeader() const;
    QStringList faultTexts() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    int childCount(int group) const;
    QVariant groupData(int group, int column, int role) const;
    QVariant brokerData(int row, int column, int role) const;
    QVariant partitionData(int row, int column, int role) const;
    QVariant faultData(int row, int column, int role) const;
    QString shownState(const BrokerInfo& b) const;

    ClusterView view_;
    QString topic_;
    std::vector<FiredFault> faults_;
    std::map<int32_t, std::pair<QString, double>> since_;  // broker -> (state, run seconds first seen in it)
    std::map<int32_t, QString> lastProcessFault_;          // broker -> "kill", "stop", ... (Local Kafka)
    std::map<int32_t, double> faultAt_;  // broker -> run seconds a fault fired at it, until a poll sees its state change
};

}  // namespace acklab::ui
