#pragma once
// The Scenarios tab: the bundled scenarios with their descriptions, Open… for any scenario file (its problems
// shown inline, each naming its path in the file), the scenario's timeline (cluster, profiles, traffic, faults
// with their times, expectations), Play through the window's run machinery, each expectation met / NOT met
// with the actual value, and Save report… (HTML + JSON + CSV).
#include "scenario/Scenario.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QTreeWidget;

namespace acklab {
struct ScenarioResult;
struct ScenarioRunResult;
}  // namespace acklab

namespace acklab::ui {

class ScenarioPlayer;

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(ScenarioPlayer& player, QWidget* parent = nullptr);

    // A scenario file, or a bundled scenario's file name without .json ("authorization-dlq"). "" = not found.
    static QString resolve(const QString& nameOrFile);
    // Loads and shows a scenario; false (problems shown inline) when it cannot be used.
    bool openFile(const QString& path);
    bool play();
    void stop();
    // Writes HTML/JSON/CSV of the last play; false with *error when there is nothing or it cannot write.
    bool saveReport(const QString& chosen, QString* error);

    const std::optional<acklab::Scenario>& scenario() const { return scenario_; }
    QString problemText() const;
    QString statusText() const;
    QTreeWidget* timelineView() const { return timeline_; }
    QTreeWidget* expectationsView() const { return expectations_; }
    int metCount() const { return met_; }
    int notMetCount() const { return notMet_; }

signals:
    void note(const QString& severity, const QString& code, const QString& message);

private:
    void fillBundled();
    void showScenario();
    void showPlannedExpectations();
    void showResults(const acklab::ScenarioRunResult& run);
    void onFinished(const acklab::ScenarioResult& result);
    void setStatus(const QString& text, bool error = false);
    void askOpen();
    void askSave();
    void updateButtons();

    ScenarioPlayer& player_;
    QListWidget* bundled_;
    QLabel* title_;
    QLabel* description_;
    QLabel* problems_;
    QTreeWidget* timeline_;
    QTreeWidget* expectations_;
    QPushButton* play_;
    QPushButton* stop_;
    QPushButton* save_;
    QLabel* status_;
    std::optional<acklab::Scenario> scenario_;
    int met_ = 0;
    int notMet_ = 0;
};

}  // namespace acklab::ui
