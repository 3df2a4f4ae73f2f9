#include "cluster/ClusterViewModel.h"

#include "ColorScheme.h"

#include <QBrush>
#include <QRegularExpression>

namespace acklab::ui {

namespace {
// Internal ids: 0 for the group rows, group + 1 for their children.
constexpr quintptr kGroupId = 0;
constexpr double kFaultSeenWithinSec = 3.0;  // a poll this soon after a fault at a broker sees what it did

QString joinIds(const std::vector<int32_t>& ids) {
    QStringList s;
    for (auto id : ids) s << QString::number(id);
    return s.join(",");
}

QString seconds(double s) { return QString::number(s, 'f', 1) + " s"; }
}  // namespace

ClusterViewModel::ClusterViewModel(QObject* parent) : QAbstractItemModel(parent) {}

QString ClusterViewModel::shownState(const BrokerInfo& b) const {
    const QString raw = QString::fromStdString(b.state).section(',', 0, 0).trimmed();
    if (raw == "running") return "up";
    if (raw == "dead") {
        const auto it = lastProcessFault_.find(b.id);
        return it != lastProcessFault_.end() && it->second == "kill" ? "killed" : "down";
    }
    return raw;
}

void ClusterViewModel::setView(const ClusterView& view, double nowSec) {
    for (const auto& b : view.brokers) {
        const QString st = shownState(b);
        const auto it = since_.find(b.id);
        const bool firstSight = it == since_.end(), changed = firstSight || it->second.first != st;
        const auto fault = faultAt_.find(b.id);
        // A change AckLab caused dates from its fault, not from the poll that saw it (up to a poll later). A fault
        // that changed nothing (a broker already down taken down) is forgotten once it is too old to be the cause.
        const bool recent = fault != faultAt_.end() && fault->second <= nowSec && nowSec - fault->second <= kFaultSeenWithinSec;
        if (changed) since_[b.id] = {st, firstSight ? -1.0 : recent ? fault->second : nowSec};  // first sight: since unknown
        if (fault != faultAt_.end() && (changed || nowSec - fault->second > kFaultSeenWithinSec)) faultAt_.erase(fault);
    }
    const bool sameShape = view.brokers.size() == view_.brokers.size() &&
                           view.partitions.size() == view_.partitions.size() && view.kind == view_.kind;
    if (sameShape) {
        view_ = view;
        for (int g = Brokers; g <= Partitions; ++g) {
            const QModelIndex parent = index(g, 0);
            emit dataChanged(index(g, 0), index(g, ColumnCount - 1));
            if (const int n = childCount(g); n > 0) emit dataChanged(index(0, 0, parent), index(n - 1, ColumnCount - 1, parent));
        }
        return;
    }
    beginResetModel();
    view_ = view;
    endResetModel();
}

void ClusterViewModel::addFault(const FiredFault& fault) {
    if (fault.ok) {
        // One parse of the spec: its verb, and the broker when the spec names one by number.
        static const QRegularExpression re(QStringLiteral("^(down|up|kill|stop|cont|restart)\\s+broker=(?:(\\d+)\\b)?"));
        static const QRegularExpression resolved(QStringLiteral("^broker (\\d+) "));  // broker=leader: the result names it
        if (const auto m = re.match(QString::fromStdString(fault.spec)); m.hasMatch()) {
            const QString verb = m.captured(1);
            const double at = static_cast<double>(fault.atMs) / 1000.0;
            if (m.hasCaptured(2)) {
                const int id = m.captured(2).toInt();
                // "kill broker=2 at=1s" -> remember the process fault, so a dead node reads "killed", not "down".
                if (verb != "down" && verb != "up") lastProcessFault_[id] = verb;
                faultAt_[id] = at;
            } else if (const auto r = resolved.match(QString::fromStdString(fault.result)); r.hasMatch()) {
                faultAt_[r.captured(1).toInt()] = at;
            }
        }
    }
    const QModelIndex parent = index(Faults, 0);
    const int row = static_cast<int>(faults_.size());
    beginInsertRows(parent, row, row);
    faults_.push_back(fault);
    endInsertRows();
    emit dataChanged(index(Faults, 0), index(Faults, ColumnCount - 1));
}

void ClusterViewModel::clearFaults() {
    if (faults_.empty()) return;
    beginRemoveRows(index(Faults, 0), 0, static_cast<int>(faults_.size()) - 1);
    faults_.clear();
    endRemoveRows();
    lastProcessFault_.clear();
    emit dataChanged(index(Faults, 0), index(Faults, ColumnCount - 1));
}

void ClusterViewModel::resetTimes() {
    since_.clear();
    faultAt_.clear();
}

QString ClusterViewModel::brokerState(int32_t id) const {
    for (const auto& b : view_.brokers)
        if (b.id == id) return shownState(b);
    return {};
}

double ClusterViewModel::brokerStateSince(int32_t id) const {
    const auto it = since_.find(id);
    return it == since_.end() ? -1 : it->second.second;
}

int ClusterViewModel::underReplicatedPartitions() const {
    int n = 0;
    for (const auto& p : view_.partitions)
        if (p.isr.size() < p.replicas.size()) ++n;
    return n;
}

int ClusterViewModel::partitionsWithoutLeader() const {
    int n = 0;
    for (const auto& p : view_.partitions)
        if (p.leader < 0) ++n;
    return n;
}

QStringList ClusterViewModel::faultTexts() const {
    QStringList out;
    for (const auto& f : faults_) out << QString::fromStdString(f.spec);
    return out;
}

int ClusterViewModel::childCount(int group) const {
    switch (group) {
        case Brokers: return static_cast<int>(view_.brokers.size());
        case Partitions: return static_cast<int>(view_.partitions.size());
        case Faults: return static_cast<int>(faults_.size());
        default: return 0;
    }
}

QModelIndex ClusterViewModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (!parent.isValid()) return row < GroupCount ? createIndex(row, column, kGroupId) : QModelIndex();
    if (parent.internalId() != kGroupId) return {};
    const int group = parent.row();
    return row < childCount(group) ? createIndex(row, column, static_cast<quintptr>(group + 1)) : QModelIndex();
}

QModelIndex ClusterViewModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kGroupId) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kGroupId);
}

int ClusterViewModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return GroupCount;
    if (parent.internalId() != kGroupId || parent.column() != 0) return 0;
    return childCount(parent.row());
}

int ClusterViewModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ClusterViewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Item: return QString();
        case State: return tr("state");
        case Replicas: return tr("repl.");
        case Isr: return tr("ISR");
        case Detail: return tr("details");
        default: return {};
    }
}

QVariant ClusterViewModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (index.internalId() == kGroupId) return groupData(index.row(), index.column(), role);
    const int group = static_cast<int>(index.internalId() - 1);
    if (role == GroupRole) return group;
    switch (group) {
        case Brokers: return brokerData(index.row(), index.column(), role);
        case Partitions: return partitionData(index.row(), index.column(), role);
        case Faults: return faultData(index.row(), index.column(), role);
        default: return {};
    }
}

QVariant ClusterViewModel::groupData(int group, int column, int role) const {
    if (role == GroupRole) return group;
    if (role != Qt::DisplayRole || column != Item) {
        if (role == Qt::DisplayRole && column == Detail && group == Partitions) {
            QStringList notes;
            if (const int u = underReplicatedPartitions()) notes << tr("%1 under-replicated").arg(u);
            if (const int l = partitionsWithoutLeader()) notes << tr("%1 without a leader").arg(l);
            return notes.join(", ");
        }
        return {};
    }
    switch (group) {
        case Brokers: return tr("brokers");
        case Partitions: return tr("partitions");
        case Faults: return tr("faults (%1)").arg(faults_.size());
        default: return {};
    }
}

QVariant ClusterViewModel::brokerData(int row, int column, int role) const {
    const BrokerInfo& b = view_.brokers[static_cast<size_t>(row)];
    const QString st = shownState(b);
    const bool bad = st != "up";
    if (role == BrokerIdRole) return b.id;
    if (role == ProblemRole) return bad;
    if (role == Qt::BackgroundRole && column == State && bad)
        return QBrush(ColorScheme::errorClassBackground(st == "stopped" ? "transient" : "permanent"));
    if (role == Qt::ToolTipRole)
        return tr("%1 — %2. Right-click for faults.").arg(QString::fromStdString(b.address), QString::fromStdString(b.state));
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Item: return tr("b%1").arg(b.id);
        case State: return st.toUpper();
        case Detail: {
            QStringList parts;
            const double since = brokerStateSince(b.id);
            if (since >= 0) parts << tr("since %1").arg(seconds(since));
            if (b.rttMs >= 0) parts << tr("round trip %1 ms").arg(b.rttMs);
            QStringList led;
            for (const auto& p : view_.partitions)
                if (p.leader == b.id) led << QString::number(p.partition);
            if (!led.isEmpty()) parts << tr("leads %1").arg(led.join(","));
            if (!b.role.empty()) parts << QString::fromStdString(b.role);
            return parts.join(" · ");
        }
        default: return {};
    }
}

QVariant ClusterViewModel::partitionData(int row, int column, int role) const {
    const PartitionInfo& p = view_.partitions[static_cast<size_t>(row)];
    const bool shrunk = p.isr.size() < p.replicas.size();
    const bool leaderless = p.leader < 0;
    if (role == PartitionRole) return p.partition;
    if (role == ProblemRole) return shrunk || leaderless || !p.error.empty();
    if (role == Qt::BackgroundRole) {
        if (column == State && leaderless) return QBrush(ColorScheme::errorClassBackground("permanent"));
        if (column == Isr && shrunk) return QBrush(ColorScheme::errorClassBackground("transient"));
        return {};
    }
    if (role == Qt::ToolTipRole && shrunk)
        return tr("In-sync replicas %1 of %2: with acks=all the leader waits for these only; below "
                  "min.insync.replicas it refuses writes with NOT_ENOUGH_REPLICAS.")
            .arg(p.isr.size())
            .arg(p.replicas.size());
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Item: return tr("p%1").arg(p.partition);
        case State: return leaderless ? tr("no leader") : tr("leader %1").arg(p.leader);
        case Replicas: return joinIds(p.replicas);
        case Isr: return joinIds(p.isr);
        case Detail: {
            QStringList notes;
            if (shrunk) notes << tr("ISR shrunk to %1 of %2").arg(p.isr.size()).arg(p.replicas.size());
            if (!p.error.empty()) notes << QString::fromStdString(p.error);
            if (const QString s = brokerState(p.leader); !s.isEmpty() && s != "up") notes << tr("leader is %1").arg(s);
            return notes.join(" · ");
        }
        default: return {};
    }
}

QVariant ClusterViewModel::faultData(int row, int column, int role) const {
    const FiredFault& f = faults_[static_cast<size_t>(row)];
    if (role == ProblemRole) return !f.ok;
    if (role == Qt::ToolTipRole) return QString::fromStdString(f.spec + ": " + f.result);
    if (role == Qt::ForegroundRole && !f.ok) return QBrush(ColorScheme::errorClass("permanent"));
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case Item: return seconds(static_cast<double>(f.atMs) / 1000.0);
        case State: return f.ok ? tr("done") : tr("failed");
        case Detail: return QString::fromStdString(f.spec + " — " + f.result);
        default: return {};
    }
}

}  // namespace acklab::ui
