#pragma once
// One row per profile of the run: latency percentiles, throughput, failures, DLQ, and the audit's lost /
// duplicated counts when the run was audited. Live while running (from snapshots), final from the results.
#include "audit/E2eTypes.h"
#include "scenario/RunReport.h"
#include "traffic/RunTypes.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace acklab::ui {

class CompareTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Profile, Acks, P50, P95, P99, MsgsPerS, Sent, Delivered, Failed, Dlq, Lost, Duplicated,
        E2eP99, LiveLost, LiveDuplicated,
        TxnCommitted, TxnAborted, TxnFenced, CommitP99, TxnPartial,  // transactional runs (hidden otherwise)
        ColumnCount
    };
    static bool isTransactionColumn(int column) { return column >= TxnCommitted && column <= TxnPartial; }

    explicit CompareTableModel(QObject* parent = nullptr);

    void reset(const std::vector<ProducerProfile>& profiles, bool audit);
    void updateLive(int run, const RunSnapshot& snapshot);
    // The live end-to-end tracker's counts: filled while the run goes, before (and beside) the audit.
    void updateE2e(int run, const E2eTotals& totals);
    void setRecords(const std::vector<RunRecord>& records);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString profile, acks;
        double p50 = 0, p95 = 0, p99 = 0, msgsPerS = 0;
        quint64 sent = 0, delivered = 0, failed = 0, dlq = 0;
        std::optional<quint64> lost, duplicated;
        std::optional<quint64> liveLost, liveDuplicated;
        double e2eP99 = -1;
        quint64 txnCommitted = 0, txnAborted = 0, txnFenced = 0;
        double commitP99 = -1;
        std::optional<quint64> txnPartial, txnAbortedVisible;  // read_committed audit
        QString auditNote;
    };
    std::vector<Row> rows_;
    bool audit_ = false;
};

}  // namespace acklab::ui
