#pragma once
// The AckLab window: panels around the live plots. Thin glue: every part lives in its own class.
#include "cluster/FaultSpec.h"
#include "profile/ProducerProfile.h"
#include "traffic/RunTypes.h"

#include "now/LiveRun.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <optional>
#include <vector>

class QDockWidget;
class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;
class QTreeView;

namespace acklab {
struct FiredFault;
}

namespace acklab::ui {

class CentralTabs;
class ClusterPanel;
class CompareTableModel;
class DlqPanel;
class EventLogModel;
class FaultPanel;
class LiveClusterView;
class NowPanel;
class PlotPanel;
class ProfileForm;
class RunController;
class RunStatusBar;
class ScenarioPanel;
class ScenarioPlayer;
class TrafficPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Runs the profile in the composer. Returns false (and says why in the log/status bar) when it cannot start.
    bool startComposed();
    // Runs several profiles over the same traffic: preset names, profile files, or "composer".
    bool startCompare(const QStringList& profiles);
    void stopRun();
    // Faults fired at their at= time in the next runs (the headless --fault flag).
    void setScheduledFaults(std::vector<FaultSpec> faults) { scheduled_ = std::move(faults); }
    // Fires one fault now on the running session; the result goes to the log and the fault panel.
    bool fireFault(const QString& spec);

    ProfileForm* profileForm() const { return profile_; }
    ClusterPanel* clusterPanel() const { return cluster_; }
    TrafficPanel* trafficPanel() const { return traffic_; }
    FaultPanel* faultPanel() const { return faults_; }
    PlotPanel* plots() const { return plots_; }
    EventLogModel* eventLog() const { return log_; }
    CompareTableModel* compareModel() const { return compare_; }
    RunController* controller() const { return controller_; }
    RunStatusBar* runStatusBar() const { return status_; }
    DlqPanel* dlqPanel() const { return dlq_; }
    ScenarioPanel* scenarioPanel() const { return scenarios_; }
    LiveClusterView* liveCluster() const { return live_; }
    NowPanel* nowPanel() const { return now_; }
    CentralTabs* centralTabs() const { return central_; }
    // The Compare tab's note when the chosen cluster cannot show a difference (acks=1 vs all on embedded).
    QString compareNote() const;
    void showSetupTab(const QString& name);    // "Profile", "Cluster", "Traffic", "Faults", "Scenarios"
    void showResultsTab(const QString& name);  // "Events", "Compare", "DLQ"
    // Shows a results tab with the results area given most of the window's height (the DLQ needs room).
    void focusResultsTab(const QString& name);
    // Shows a setup tab with the setup area given most of the height (the Scenarios tab needs room).
    void focusSetupTab(const QString& name);
    // HTML (htmlReport) + JSON + CSV of the last finished run or compare, next to the chosen name.
    bool saveRunReport(const QString& chosen, QString* error);

signals:
    void runFinished();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildDocks();
    void buildMenus();
    bool startRun(std::vector<ProducerProfile> profiles);
    void onStarted();
    void askSaveReport();
    void onSnapshot(int run, const RunSnapshot& snapshot);
    void onFault(int run, const FiredFault& fault);
    void onTicked();
    void onFinished();
    void updateNow(bool force);
    void updateCompareNote();
    bool monitorInFront() const;  // the Monitor page is shown and its monitor runs
    // tSec: when, on the clock of what it is about (default: the current run's seconds).
    void logNote(const QString& severity, const QString& code, const QString& message, const QString& remedy = {},
                 std::optional<double> tSec = std::nullopt);
    void restoreSettings();
    void saveSettings();

    ProfileForm* profile_;
    ClusterPanel* cluster_;
    TrafficPanel* traffic_;
    FaultPanel* faults_;
    PlotPanel* plots_;
    EventLogModel* log_;
    CompareTableModel* compare_;
    RunController* controller_;
    RunStatusBar* status_;
    DlqPanel* dlq_;
    ScenarioPlayer* player_;  // hands its sessions to controller_ (which keeps their runner alive)
    ScenarioPanel* scenarios_;
    QDockWidget* resultsDock_ = nullptr;
    QTabWidget* setupTabs_ = nullptr;
    QTabWidget* resultTabs_ = nullptr;
    QTreeView* logView_ = nullptr;
    QTableView* compareView_ = nullptr;
    LiveClusterView* live_ = nullptr;
    NowPanel* now_ = nullptr;
    CentralTabs* central_ = nullptr;
    QWidget* compareNoteBox_ = nullptr;
    QLabel* compareNote_ = nullptr;
    std::vector<FaultSpec> scheduled_;
    // Per run: the latest snapshot (counters, statistics, oldest message waiting; the timeline and events are
    // consumed as they come), the last second of timeline points, the now report and its debounced state.
    std::vector<LiveRun> runs_;  // one per profile of the run
    QElapsedTimer nowRefresh_;
    QElapsedTimer runClock_;
    double runSeconds_ = 0;
};

}  // namespace acklab::ui
