#pragma once
// DLQ records as a table. Rows arrive in batches (one beginInsertRows per batch, last row = first + n - 1) and
// the row count is bounded: when a batch would pass the bound, the oldest rows go first, in one
// beginRemoveRows. Keeps counts per error name for the inspector's summary.
#include "dlq/DlqRecord.h"

#include <QAbstractTableModel>

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace acklab::ui {

class DlqTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, OriginalTopic, OriginalPartition, OriginalOffset, Key, ErrorName, ErrorClass, Attempts, Format, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit DlqTableModel(size_t maxRows = 100'000, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void appendBatch(std::vector<DlqRecord> batch);
    void clear();
    const DlqRecord& record(int row) const { return rows_[static_cast<size_t>(row)]; }
    size_t maxRows() const { return maxRows_; }
    void setMaxRows(size_t maxRows);
    uint64_t dropped() const { return dropped_; }  // rows removed by the bound, since the last clear()
    const std::map<std::string, size_t>& countsByError() const { return byError_; }

signals:
    void countsChanged();

private:
    void dropOldest(size_t n);

    std::deque<DlqRecord> rows_;
    size_t maxRows_;
    uint64_t dropped_ = 0;
    std::map<std::string, size_t> byError_;
};

}  // namespace acklab::ui
