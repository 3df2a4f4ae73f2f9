#pragma once
// The dead-letter-queue inspector: a self-contained widget (the main window puts it in a tab). Reads a DLQ
// topic or a JSON-lines file and follows it live (DlqTail on its own thread; batches reach the GUI thread by
// queued signal, one model insert per batch), filters by text/error/topic/time, counts by error, shows the
// selected record in full (pretty JSON, headers, hex), redrives with dry run and confirmation, exports.
// Every question or message goes through ui/Dialogs (tests intercept it).
#include "dlq/DlqFilter.h"
#include "dlq/DlqRecord.h"
#include "dlq/Redrive.h"
#include "dlq/DlqTail.h"
#include "common/SerialWorker.h"

#include <QWidget>

#include <atomic>
#include <functional>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace acklab::ui {

class DlqTableModel;
class DlqFilterProxyModel;

using DlqBatch = std::shared_ptr<std::vector<DlqRecord>>;

class DlqInspector : public QWidget {
    Q_OBJECT
public:
    explicit DlqInspector(QWidget* parent = nullptr);
    ~DlqInspector() override;

    // librdkafka client properties for a cluster that needs them (security.protocol, sasl.*, ssl.*).
    using ClientProperties = std::vector<std::pair<std::string, std::string>>;

    // Sources: a DLQ topic on a cluster, or a JSON-lines file (AckLab's fallback file or an export). Both are
    // read from the beginning and then followed live until stop(). A topic typed into the inspector later, on
    // the same bootstrap servers, is read with the same client properties.
    void followTopic(const QString& bootstrap, const QString& topic = QStringLiteral("dead-letter-queue"),
                     ClientProperties properties = {});
    void followFile(const QString& path);
    void stop();
    bool following() const;
    // Where a tail is stopped: a tail reading a run's cluster must end before that cluster does (librdkafka 2.0.2
    // can hang for minutes in a watermark query against a cluster that went away), so the window hands stops to
    // the worker that tears runs down. Unset: a worker of the inspector's own.
    void setBackground(std::function<void(std::function<void()>)> post) { background_ = std::move(post); }

    // Where redrives send (defaults to the followed topic's cluster and its client properties).
    void setRedriveBootstrap(const QString& bootstrap, ClientProperties properties = {});

    DlqTableModel* model() const { return model_; }
    DlqFilterProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    QString detailText() const;
    QString statusText() const;
    bool redriveRunning() const { return redriveRunning_; }

    // The records the buttons act on: the selected rows, or every row the filter shows when none is selected.
    std::vector<DlqRecord> actionRecords() const;

public slots:
    void redrive();        // dry run when the Dry run box is ticked, else confirm, then send on a worker thread
    void exportCsv();
    void exportJsonLines();
    void applyFilter();

signals:
    void batchArrived(acklab::ui::DlqBatch batch);   // queued: from the tail thread to the GUI thread
    void statusArrived(QString status, bool error);  // queued
    void redriveFinished(acklab::RedriveSummary summary);

private:
    void buildUi();
    void onBatch(const DlqBatch& batch);
    void onStatus(const QString& status, bool error);
    void showDetail();
    void refreshCounts();
    void startTail(acklab::DlqTailOptions options, const QString& what);
    void setStatus(const QString& text, bool error = false);
    void joinRedrive();

    DlqTableModel* model_ = nullptr;
    DlqFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QPlainTextEdit* detail_ = nullptr;
    QListWidget* counts_ = nullptr;
    QLabel* status_ = nullptr;
    QComboBox* sourceKind_ = nullptr;
    QLineEdit* bootstrap_ = nullptr;
    QLineEdit* topic_ = nullptr;
    QLineEdit* file_ = nullptr;
    QPushButton* followButton_ = nullptr;
    QLineEdit* grep_ = nullptr;
    QComboBox* error_ = nullptr;
    QLineEdit* originalTopic_ = nullptr;
    QLineEdit* since_ = nullptr;
    QLineEdit* until_ = nullptr;
    QLineEdit* redriveTo_ = nullptr;
    QDoubleSpinBox* rate_ = nullptr;
    QCheckBox* dryRun_ = nullptr;
    QPushButton* redriveButton_ = nullptr;

    // A tail's handlers run on its thread; they hold this gate while they post to the window, and stop() closes
    // it, so a tail that is still winding down (off the UI thread) never reaches a window that moved on.
    struct Gate {
        std::mutex mutex;
        bool open = true;
    };
    std::shared_ptr<Gate> gate_;
    std::unique_ptr<DlqTail> tail_;
    SerialWorker stopper_;  // stops tails (a consumer close can take a while) away from the UI thread
    std::function<void(std::function<void()>)> background_;  // where stops go when set (see setBackground)
    QString redriveBootstrap_;
    ClientProperties redriveProperties_;
    QString followedBootstrap_;
    ClientProperties followedProperties_;
    QString followedTopic_;
    std::thread redriveThread_;
    std::atomic<bool> cancelRedrive_{false};
    bool redriveRunning_ = false;
};

}  // namespace acklab::ui

Q_DECLARE_METATYPE(acklab::ui::DlqBatch)
Q_DECLARE_METATYPE(acklab::RedriveSummary)
