#include "log/EventLogModel.h"

#include "ColorScheme.h"

#include <QBrush>

namespace acklab::ui {

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int EventLogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

void EventLogModel::append(const std::vector<Entry>& entries) {
    if (entries.empty()) return;
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(entries.size()) - 1);  // last row is first + n - 1
    rows_.insert(rows_.end(), entries.begin(), entries.end());
    endInsertRows();
    const int excess = static_cast<int>(rows_.size()) - cap_;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        rows_.erase(rows_.begin(), rows_.begin() + excess);
        endRemoveRows();
    }
}

void EventLogModel::appendRunEvents(const QString& profile, const std::vector<RunEvent>& events) {
    std::vector<Entry> batch;
    batch.reserve(events.size());
    for (const auto& e : events) {
        Entry x;
        x.tSec = static_cast<double>(e.tMs) / 1000.0;
        x.profile = profile;
        x.severity = QString::fromStdString(e.severity);
        x.errorClass = QString::fromStdString(e.errorClass);
        x.code = QString::fromStdString(e.name);
        x.count = e.count;
        x.message = QString::fromStdString(e.message);
        x.remedy = QString::fromStdString(e.remedy);
        batch.push_back(std::move(x));
    }
    append(batch);
}

void EventLogModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int EventLogModel::find(const QString& text) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].code.contains(text) || rows_[i].message.contains(text)) return static_cast<int>(i);
    return -1;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
    const Entry& e = rows_[static_cast<size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Time: return QString::number(e.tSec, 'f', 1);
            case Profile: return e.profile;
            case Class: return e.errorClass.isEmpty() ? e.severity : e.errorClass;
            case Code: return e.code;
            case Count: return e.count;
            case Message: return e.message;
            case Remedy: return e.remedy;
            default: return {};
        }
    }
    if (role == Qt::ToolTipRole) return e.remedy.isEmpty() ? e.message : e.message + "\n\nRemedy: " + e.remedy;
    if (role == Qt::ForegroundRole && (index.column() == Class || index.column() == Code) && !e.errorClass.isEmpty())
        return QBrush(ColorScheme::errorClass(e.errorClass).darker(120));
    if (role == Qt::BackgroundRole && !e.errorClass.isEmpty()) return QBrush(ColorScheme::errorClassBackground(e.errorClass));
    if (role == Qt::TextAlignmentRole && (index.column() == Time || index.column() == Count))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"t (s)", "profile", "class", "code", "count", "what happened", "remedy"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace acklab::ui
