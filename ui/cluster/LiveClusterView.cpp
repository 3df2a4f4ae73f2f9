#include "cluster/LiveClusterView.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

namespace acklab::ui {

LiveClusterView::LiveClusterView(QWidget* parent)
    : QWidget(parent),
      model_(new ClusterViewModel(this)),
      monitorModel_(new ClusterViewModel(this)),
      shown_(model_),
      tree_(new QTreeView(this)),
      summary_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    summary_->setObjectName("clusterSummary");
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    tree_->setObjectName("liveClusterTree");
    tree_->setModel(model_);
    tree_->setUniformRowHeights(false);
    tree_->setWordWrap(true);
    tree_->setRootIsDecorated(false);
    tree_->setItemsExpandable(false);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(ClusterViewModel::Detail, QHeaderView::Stretch);
    tree_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tree_->setToolTip(tr("Right-click a broker or a partition to break it."));
    layout->addWidget(tree_, 1);
    connect(tree_, &QTreeView::customContextMenuRequested, this, &LiveClusterView::showMenu);
    for (auto* m : {model_, monitorModel_}) {
        // Queued: after the tree's own handling of the reset, which forgets what was expanded (the tree connects
        // to a model when it is shown, so after this for the monitor's).
        connect(m, &QAbstractItemModel::modelReset, tree_, &QTreeView::expandAll, Qt::QueuedConnection);
        connect(m, &QAbstractItemModel::rowsInserted, tree_, [this, m] {
            if (m == shown_) tree_->expandAll();
        });
    }
    tree_->expandAll();
    updateSummary();
}

void LiveClusterView::setView(const ClusterView& view, double nowSec) {
    model_->setView(view, nowSec);
    if (shown_ == model_) updateSummary();
}

void LiveClusterView::setFaultKind(const QString& kind) {
    faultKind_ = kind;
    if (shown_ == model_) updateSummary();
}

void LiveClusterView::setMonitorView(const ClusterView& view, double nowSec, const QString& kind) {
    monitorFaultKind_ = kind == "external" ? QString() : kind;
    monitorModel_->setView(view, nowSec);
    if (shown_ == monitorModel_) updateSummary();
}

void LiveClusterView::showMonitor(bool monitor) {
    ClusterViewModel* next = monitor ? monitorModel_ : model_;
    if (next == shown_) return;
    shown_ = next;
    tree_->setModel(shown_);
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(ClusterViewModel::Detail, QHeaderView::Stretch);
    tree_->expandAll();
    updateSummary();
}

void LiveClusterView::updateSummary() {
    const ClusterViewModel* m = shown_;
    const auto& v = m->view();
    if (v.brokers.empty()) {
        summary_->setText(tr("<i>No cluster view yet.</i>"));
        return;
    }
    int up = 0;
    QStringList notUp;
    for (const auto& b : v.brokers) {
        const QString s = m->brokerState(b.id);
        if (s == "up") ++up;
        else notUp << tr("broker %1 %2").arg(b.id).arg(s.toUpper());
    }
    QString text = tr("<b>%1</b>: %2 of %3 brokers up").arg(QString::fromStdString(v.kind)).arg(up).arg(v.brokers.size());
    if (m == monitorModel_) text = tr("Monitor's cluster, ") + text;
    if (!m->topic().isEmpty()) text += tr(" · topic <b>%1</b>").arg(m->topic().toHtmlEscaped());
    if (!notUp.isEmpty()) text += " — <span style='color:#b02020'><b>" + notUp.join(", ") + "</b></span>";
    if (const int u = m->underReplicatedPartitions())
        text += tr(" — <span style='color:#a06000'>%1 partition(s) under-replicated</span>").arg(u);
    if (const int l = m->partitionsWithoutLeader())
        text += tr(" — <span style='color:#b02020'>%1 partition(s) without a leader</span>").arg(l);
    if (!faultKind().isEmpty()) text += tr("<br><small>Right-click a broker or partition to fire a fault.</small>");
    summary_->setText(text);
}

QList<QPair<QString, QString>> LiveClusterView::faultActions(const QModelIndex& index) const {
    QList<QPair<QString, QString>> out;
    const QString kind = faultKind();  // the shown cluster's
    if (!index.isValid() || kind.isEmpty()) return out;
    const int group = index.data(ClusterViewModel::GroupRole).toInt();
    if (!index.parent().isValid()) return out;  // a group row
    if (group == ClusterViewModel::Brokers) {
        const QString b = index.data(ClusterViewModel::BrokerIdRole).toString();
        if (kind == "embedded") {
            out << qMakePair(tr("Down (close connections, refuse reconnects)"), "down broker=" + b)
                << qMakePair(tr("Up"), "up broker=" + b)
                << qMakePair(tr("Add 50 ms round trip"), "rtt broker=" + b + " ms=50")
                << qMakePair(tr("Add 500 ms round trip"), "rtt broker=" + b + " ms=500")
                << qMakePair(tr("Back to the network's round trip"), "rtt broker=" + b + " ms=0");
            for (const char* code : {"NOT_ENOUGH_REPLICAS", "NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT",
                                     "TOPIC_AUTHORIZATION_FAILED"})
                out << qMakePair(tr("Fail its next 5 Produce requests with %1").arg(code),
                                 QString("error code=%1 count=5 broker=%2").arg(code, b));
        } else if (kind == "local") {
            out << qMakePair(tr("Kill (SIGKILL)"), "kill broker=" + b) << qMakePair(tr("Stop (SIGSTOP, frozen)"), "stop broker=" + b)
                << qMakePair(tr("Continue (SIGCONT)"), "cont broker=" + b) << qMakePair(tr("Restart"), "restart broker=" + b);
        }
    } else if (group == ClusterViewModel::Partitions && kind == "embedded") {
        const QString p = index.data(ClusterViewModel::PartitionRole).toString();
        for (const auto& b : shown_->view().brokers)
            out << qMakePair(tr("Move leader of partition %1 to broker %2").arg(p).arg(b.id),
                             QString("leader partition=%1 broker=%2").arg(p).arg(b.id));
    }
    return out;
}

void LiveClusterView::showMenu(const QPoint& pos) {
    const QModelIndex index = tree_->indexAt(pos);
    const auto actions = faultActions(index.siblingAtColumn(0));
    if (actions.isEmpty()) return;
    QMenu menu(this);
    for (const auto& [label, spec] : actions) {
        auto* a = menu.addAction(label);
        a->setToolTip(spec);
        connect(a, &QAction::triggered, this, [this, spec = spec] { emit faultRequested(spec); });
    }
    menu.exec(tree_->viewport()->mapToGlobal(pos));
}

}  // namespace acklab::ui
