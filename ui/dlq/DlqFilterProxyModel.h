#pragma once
// Filters the DLQ table by text, error name, original topic and time (core's DlqFilter) and sorts by each
// column's natural value (times and numbers, not their text).
#include "dlq/DlqFilter.h"

#include <QSortFilterProxyModel>

namespace acklab::ui {

class DlqFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DlqFilterProxyModel(QObject* parent = nullptr);

    void setDlqFilter(DlqFilter filter);
    const DlqFilter& dlqFilter() const { return filter_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    DlqFilter filter_;
};

}  // namespace acklab::ui
