#include "dlq/DlqTableModel.h"

#include "common/Encoding.h"
#include "dlq/DlqDisplay.h"

#include <QBrush>
#include <QColor>

namespace acklab::ui {
namespace {
std::string errorKey(const DlqRecord& r) { return r.errorName.empty() ? std::string("(none)") : r.errorName; }
}  // namespace

DlqTableModel::DlqTableModel(size_t maxRows, QObject* parent) : QAbstractTableModel(parent), maxRows_(std::max<size_t>(maxRows, 1)) {}

int DlqTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

int DlqTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DlqTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Time: return tr("Time");
        case OriginalTopic: return tr("Original topic");
        case OriginalPartition: return tr("Partition");
        case OriginalOffset: return tr("Offset");
        case Key: return tr("Key");
        case ErrorName: return tr("Error");
        case ErrorClass: return tr("Class");
        case Attempts: return tr("Attempts");
        case Format: return tr("Format");
        default: return {};
    }
}

QVariant DlqTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || static_cast<size_t>(index.row()) >= rows_.size() || index.column() < 0 ||
        index.column() >= ColumnCount)
        return {};
    const DlqRecord& r = rows_[static_cast<size_t>(index.row())];
    if (role == Qt::ToolTipRole) {
        if (!r.ok()) return QString::fromStdString("Could not be fully read: " + r.parseError);
        if (index.column() == ErrorName && !r.errorMessage.empty()) return QString::fromStdString(r.errorMessage);
        return {};
    }
    if (role == Qt::ForegroundRole && !r.ok()) return QBrush(QColor(0xb0, 0x30, 0x20));
    if (role == SortRole) {
        switch (index.column()) {
            case Time: return QVariant::fromValue<qlonglong>(r.timeMs());
            case OriginalPartition: return r.originalPartition;
            case OriginalOffset: return QVariant::fromValue<qlonglong>(r.originalOffset);
            case Attempts: return r.attempts;
            default: break;
        }
        role = Qt::DisplayRole;
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Time: return r.timeMs() > 0 ? QString::fromStdString(isoTimeMs(r.timeMs())) : QStringLiteral("-");
        case OriginalTopic: return r.originalTopic.empty() ? QStringLiteral("?") : QString::fromStdString(r.originalTopic);
        case OriginalPartition: return r.originalPartition >= 0 ? QVariant(r.originalPartition) : QVariant(QStringLiteral("-"));
        case OriginalOffset: return r.originalOffset >= 0 ? QVariant::fromValue<qlonglong>(r.originalOffset) : QVariant(QStringLiteral("-"));
        case Key: return QString::fromStdString(DlqDisplay::cell(r.key, 64));
        case ErrorName: return QString::fromStdString(r.errorName.empty() ? (r.ok() ? "-" : "(unreadable)") : r.errorName);
        case ErrorClass: return QString::fromStdString(r.errorClass.empty() ? "-" : r.errorClass);
        case Attempts: return r.attempts;
        case Format: return QString::fromUtf8(toString(r.format).data(), static_cast<qsizetype>(toString(r.format).size())) + (r.ok() ? "" : " !");
        default: return {};
    }
}

void DlqTableModel::dropOldest(size_t n) {
    n = std::min(n, rows_.size());
    if (n == 0) return;
    beginRemoveRows({}, 0, static_cast<int>(n) - 1);
    for (size_t i = 0; i < n; ++i) {
        auto it = byError_.find(errorKey(rows_.front()));
        if (it != byError_.end() && --it->second == 0) byError_.erase(it);
        rows_.pop_front();
    }
    dropped_ += n;
    endRemoveRows();
}

void DlqTableModel::appendBatch(std::vector<DlqRecord> batch) {
    if (batch.empty()) return;
    size_t skip = 0;
    if (batch.size() > maxRows_) {  // the batch alone passes the bound: only its newest rows are kept
        skip = batch.size() - maxRows_;
        dropped_ += skip;
    }
    const size_t n = batch.size() - skip;
    if (rows_.size() + n > maxRows_) dropOldest(rows_.size() + n - maxRows_);
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(n) - 1);
    for (size_t i = skip; i < batch.size(); ++i) {
        ++byError_[errorKey(batch[i])];
        rows_.push_back(std::move(batch[i]));
    }
    endInsertRows();
    emit countsChanged();
}

void DlqTableModel::clear() {
    beginResetModel();
    rows_.clear();
    byError_.clear();
    dropped_ = 0;
    endResetModel();
    emit countsChanged();
}

void DlqTableModel::setMaxRows(size_t maxRows) {
    maxRows_ = std::max<size_t>(maxRows, 1);
    if (rows_.size() > maxRows_) {
        dropOldest(rows_.size() - maxRows_);
        emit countsChanged();
    }
}

}  // namespace acklab::ui
