#include "dlq/DlqFilterProxyModel.h"

#include "dlq/DlqTableModel.h"

namespace acklab::ui {

DlqFilterProxyModel::DlqFilterProxyModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(DlqTableModel::SortRole);
}

void DlqFilterProxyModel::setDlqFilter(DlqFilter filter) {
    filter_ = std::move(filter);
    invalidateFilter();
}

bool DlqFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (sourceParent.isValid()) return false;
    const auto* model = qobject_cast<const DlqTableModel*>(sourceModel());
    if (!model || sourceRow < 0 || sourceRow >= model->rowCount()) return false;
    return filter_.empty() || filter_.matches(model->record(sourceRow));
}

}  // namespace acklab::ui
