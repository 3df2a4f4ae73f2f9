#include "compare/CompareTableModel.h"

#include "ColorScheme.h"

#include <QBrush>

namespace acklab::ui {

CompareTableModel::CompareTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int CompareTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int CompareTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

void CompareTableModel::reset(const std::vector<ProducerProfile>& profiles, bool audit) {
    beginResetModel();
    rows_.clear();
    audit_ = audit;
    for (const auto& p : profiles) {
        Row r;
        r.profile = QString::fromStdString(p.name());
        r.acks = QString::fromStdString(p.get("acks").value_or("all (default)"));
        if (r.acks == "-1") r.acks = "all";
        rows_.push_back(r);
    }
    endResetModel();
}

void CompareTableModel::updateLive(int run, const RunSnapshot& s) {
    if (run < 0 || run >= static_cast<int>(rows_.size())) return;
    Row& r = rows_[static_cast<size_t>(run)];
    r.p50 = static_cast<double>(s.latency.percentile(0.50)) / 1000.0;
    r.p95 = static_cast<double>(s.latency.percentile(0.95)) / 1000.0;
    r.p99 = static_cast<double>(s.latency.percentile(0.99)) / 1000.0;
    r.sent = s.counters.sent;
    r.delivered = s.counters.delivered;
    r.failed = s.counters.failed;
    r.dlq = s.counters.dlq();
    r.msgsPerS = s.elapsedMs > 0 ? static_cast<double>(s.counters.delivered) * 1000.0 / static_cast<double>(s.elapsedMs) : 0;
    r.txnCommitted = s.transactions.committed;
    r.txnAborted = s.transactions.aborted;
    r.txnFenced = s.transactions.fenced;
    r.commitP99 = s.commitLatency.count() ? static_cast<double>(s.commitLatency.percentile(0.99)) / 1000.0 : -1;
    emit dataChanged(index(run, P50), index(run, Dlq));
    emit dataChanged(index(run, TxnCommitted), index(run, CommitP99));
}

void CompareTableModel::setRecords(const std::vector<RunRecord>& records) {
    for (size_t i = 0; i < records.size() && i < rows_.size(); ++i) {
        const auto& res = records[i].result;
        Row& r = rows_[i];
        r.p50 = static_cast<double>(res.latency.percentile(0.50)) / 1000.0;
        r.p95 = static_cast<double>(res.latency.percentile(0.95)) / 1000.0;
        r.p99 = static_cast<double>(res.latency.percentile(0.99)) / 1000.0;
        r.msgsPerS = res.throughputMsgsPerS;
        r.sent = res.counters.sent;
        r.delivered = res.counters.delivered;
        r.failed = res.counters.failed;
        r.dlq = res.counters.dlq();
        r.txnCommitted = res.transactions.committed;
        r.txnAborted = res.transactions.aborted;
        r.txnFenced = res.transactions.fenced;
        r.commitP99 = res.commitLatency.count() ? static_cast<double>(res.commitLatency.percentile(0.99)) / 1000.0 : -1;
        if (const auto& t = records[i].txnAudit) {
            if (t->committed.ok) {
                // What a read_committed consumer sees: records of committed transactions missing, extra copies.
                r.txnPartial = t->committed.partial;
                r.txnAbortedVisible = t->committed.abortedVisible;
                r.lost = t->committed.lost;
                r.duplicated = t->committed.duplicated;
            } else {
                r.auditNote = QString::fromStdString(t->committed.error);
            }
        }
        if (const auto& a = records[i].audit) {
            if (a->ok) {
                r.lost = a->lost;
                r.duplicated = a->duplicated;
            } else {
                r.auditNote = QString::fromStdString(a->error);
            }
        }
    }
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(static_cast<int>(rows_.size()) - 1, ColumnCount - 1));
}

void CompareTableModel::updateE2e(int run, const E2eTotals& t) {
    if (run < 0 || static_cast<size_t>(run) >= rows_.size()) return;
    Row& r = rows_[static_cast<size_t>(run)];
    r.liveLost = t.lost;
    r.liveDuplicated = t.duplicated;
    r.e2eP99 = t.latency.count() ? static_cast<double>(t.latency.percentile(0.99)) / 1000.0 : -1;
    emit dataChanged(index(run, E2eP99), index(run, LiveDuplicated));
}

QVariant CompareTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
    const Row& r = rows_[static_cast<size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        const auto ms = [](double v) { return QString::number(v, 'f', v < 10 ? 2 : 1); };
        const auto audited = [&](const std::optional<quint64>& v) -> QVariant {
            if (v) return *v;
            if (!audit_) return QStringLiteral("—");
            return r.auditNote.isEmpty() ? QStringLiteral("…") : QStringLiteral("audit failed");
        };
        switch (index.column()) {
            case Profile: return r.profile;
            case Acks: return r.acks;
            case P50: return ms(r.p50);
            case P95: return ms(r.p95);
            case P99: return ms(r.p99);
            case MsgsPerS: return QString::number(r.msgsPerS, 'f', 0);
            case Sent: return r.sent;
            case Delivered: return r.delivered;
            case Failed: return r.failed;
            case Dlq: return r.dlq;
            case Lost: return audited(r.lost);
            case Duplicated: return audited(r.duplicated);
            case E2eP99: return r.e2eP99 >= 0 ? ms(r.e2eP99) : QStringLiteral("—");
            case LiveLost: return r.liveLost ? QVariant(*r.liveLost) : QVariant(QStringLiteral("—"));
            case LiveDuplicated: return r.liveDuplicated ? QVariant(*r.liveDuplicated) : QVariant(QStringLiteral("—"));
            case TxnCommitted: return r.txnCommitted;
            case TxnAborted: return r.txnAborted;
            case TxnFenced: return r.txnFenced;
            case CommitP99: return r.commitP99 >= 0 ? ms(r.commitP99) : QStringLiteral("—");
            case TxnPartial:
                if (!r.txnPartial) return audit_ ? QStringLiteral("…") : QStringLiteral("—");
                return QString("%1 partial · %2 aborted seen").arg(*r.txnPartial).arg(r.txnAbortedVisible.value_or(0));
            default: return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Profile) return ColorScheme::profile(index.row());
    if (role == Qt::ForegroundRole && ((index.column() == Failed && r.failed) || (index.column() == Lost && r.lost.value_or(0)) ||
                                       (index.column() == Duplicated && r.duplicated.value_or(0)) ||
                                       (index.column() == LiveLost && r.liveLost.value_or(0)) ||
                                       (index.column() == LiveDuplicated && r.liveDuplicated.value_or(0)) ||
                                       (index.column() == TxnPartial && (r.txnPartial.value_or(0) || r.txnAbortedVisible.value_or(0)))))
        return QBrush(ColorScheme::errorClass("permanent"));
    if (role == Qt::ForegroundRole && index.column() == TxnFenced && r.txnFenced)
        return QBrush(ColorScheme::errorClass("fatal"));
    if (role == Qt::ToolTipRole && index.column() == TxnFenced)
        return tr("Fenced: a newer producer with the same transactional.id took over (PRODUCER_FENCED / _FENCED), a fatal "
                  "error. The broker aborts the fenced producer's open transaction, so its records were never committed: "
                  "they are not written to the DLQ (a consumer with read_committed never sees them, and replaying them is "
                  "the job of whoever owns the transactional.id now). Remedy: stop this producer; rebuild one only if it "
                  "should own the transactional.id again.");
    if (role == Qt::ToolTipRole && index.column() == TxnPartial)
        return tr("From the audit with read_committed: committed transactions with only some of their records visible "
                  "(should be 0), and records of aborted transactions visible (should be 0).");
    if (role == Qt::ToolTipRole && index.column() >= E2eP99 && index.column() <= LiveDuplicated)
        return tr("From the live end-to-end tracker: a consumer beside the run reads every record back as it goes. "
                  "Lost: acknowledged, not found once the consumer caught up (and a grace period passed).");
    if (role == Qt::ToolTipRole && (index.column() == Lost || index.column() == Duplicated)) {
        if (!audit_) return tr("Tick \"audit\" before the run to read the topic back and count lost / duplicated.");
        return r.auditNote;
    }
    if (role == Qt::TextAlignmentRole && index.column() > Acks) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"profile", "acks", "p50 ms", "p95 ms", "p99 ms", "msgs/s", "sent",
                                  "delivered", "failed", "DLQ", "lost (audit)", "dup (audit)", "e2e p99 ms", "lost live",
                                  "dup live", "txn committed", "txn aborted", "fenced", "commit p99 ms", "txn audit (read_committed)"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace acklab::ui
