#pragma once
// The event log: failures (already folded per second by the core) with their explanation and remedy, faults
// and run milestones. Rows arrive in batches (one beginInsertRows per tick); the oldest rows go beyond a cap.
#include "traffic/RunTypes.h"

#include <QAbstractTableModel>
#include <QString>

#include <deque>
#include <vector>

namespace acklab::ui {

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Profile, Class, Code, Count, Message, Remedy, ColumnCount };
    struct Entry {
        double tSec = 0;
        QString profile;
        QString severity;    // info, warning, error
        QString errorClass;  // transient, permanent, fatal, "" (faults, milestones)
        QString code;        // "TOPIC_AUTHORIZATION_FAILED", or "fault"
        quint64 count = 1;
        QString message;
        QString remedy;
    };

    explicit EventLogModel(QObject* parent = nullptr);

    void append(const std::vector<Entry>& entries);  // one batch
    void appendRunEvents(const QString& profile, const std::vector<RunEvent>& events);
    void clear();
    const Entry& entry(int row) const { return rows_[static_cast<size_t>(row)]; }
    int find(const QString& text) const;  // first row whose code or message contains text; -1 if none
    void setCap(int cap) { cap_ = cap; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::deque<Entry> rows_;
    int cap_ = 20000;
};

}  // namespace acklab::ui
