#pragma once
// What a run sends (TrafficSpec) and the run's buttons: Start the composed profile, Compare several profiles
// over the same traffic, Stop; progress and ETA.
#include "traffic/TrafficSpec.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QGroupBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace acklab::ui {

class TrafficPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrafficPanel(QWidget* parent = nullptr);

    // What the window starts with: paced traffic long enough to watch (the CLI's defaults are for scripts).
    static TrafficSpec windowDefaults();
    TrafficSpec spec() const;
    void setSpec(const TrafficSpec& spec);
    bool audit() const;
    void setAudit(bool on);
    bool e2e() const;  // follow the topic live (always on for real clusters: the window asks for it there)
    void setE2e(bool on);
    QStringList compareProfiles() const;  // names or files; "composer" = the profile being composed
    void setCompareProfiles(const QStringList& names);

    void setRunning(bool running);
    // The Run box's buttons, for the Run menu and the idle "now" panel's links: each does nothing while its
    // button is disabled (Start and the compares while a run goes, Stop while none does).
    void clickStart();
    void clickLesson();
    void clickStop();
    // fraction < 0: unknown (busy indicator).
    void setProgress(double fraction, const QString& text);

signals:
    void startRequested();
    void compareRequested(const QStringList& profiles);
    void stopRequested();
    void changed();

private:
    void updateModes();

    QLineEdit* topic_;
    QSpinBox* partitions_;
    QDoubleSpinBox* rate_;
    QComboBox* amountMode_;
    QDoubleSpinBox* messages_;
    QDoubleSpinBox* duration_;
    QComboBox* payload_;
    QSpinBox* size_;
    QComboBox* keys_;
    QSpinBox* keySpace_;
    QCheckBox* audit_;
    QCheckBox* e2e_;
    // Transactions (the profile needs a transactional.id): events per transaction, the other topics each event
    // also writes to in the same transaction, and every how many transactions one is aborted.
    QGroupBox* txn_ = nullptr;
    QSpinBox* txnMessages_ = nullptr;
    QLineEdit* txnTopics_ = nullptr;
    QSpinBox* txnAbortEvery_ = nullptr;
    QLineEdit* compare_;
    QPushButton* start_;
    QPushButton* compareButton_;
    QPushButton* lessonButton_;
    QPushButton* stop_;
    QProgressBar* progress_;
    QLabel* eta_;
};

}  // namespace acklab::ui
