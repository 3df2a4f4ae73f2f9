#pragma once
// The DLQ tab of the window: the DlqInspector bound to the current run. When a run starts it follows that
// run's DLQ topic on the run's cluster (each embedded profile has its own cluster: a combo picks which), so
// dead-lettered records appear live; after the run it says how many went to the topic and how many to the
// local fallback file, and opens that file on request.
#include "scenario/RunReport.h"

#include <QWidget>

#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;

namespace acklab {
class RunSession;
}

namespace acklab::ui {

class DlqInspector;

class DlqPanel : public QWidget {
    Q_OBJECT
public:
    explicit DlqPanel(QWidget* parent = nullptr);

    // Before the session goes (its embedded clusters with it): stop reading from them.
    void sessionEnding();
    // A run started: follow its DLQ (the first profile's cluster).
    void sessionStarted(acklab::RunSession& session);
    // The run ended: per-profile counts of what was dead-lettered, and where.
    void runFinished(const std::vector<acklab::RunRecord>& records);

    DlqInspector* inspector() const { return inspector_; }
    QString summaryText() const;
    int followedRun() const;  // index of the profile whose DLQ is shown, -1 none

private:
    struct Source {
        QString profile;
        QString bootstrap;
        std::vector<std::pair<std::string, std::string>> properties;  // the cluster's client settings (security)
        QString topic;     // "" = the run writes the fallback file only
        QString file;      // the fallback file
    };
    void follow(int run);
    void openFallbackFile();

    DlqInspector* inspector_;
    QComboBox* run_;
    QLabel* summary_;
    QPushButton* fallback_;
    std::vector<Source> sources_;
};

}  // namespace acklab::ui
