#pragma once
// The window's centre: the Runs view (the live plots of the runs started from the Setup dock) and the views
// that live beside it — Monitor mode (a long-running watch of the chosen cluster), Diagnose (what will make
// this producer fail on that cluster) and Advise (requirements in, a profile out, verified). Each page is built
// here and fed from the Setup dock when it comes to the front, so MainWindow only wires signals.
#include <QTabWidget>

class QPushButton;

namespace acklab {
class ProducerProfile;
}

namespace acklab::ui {

class AdvisePage;
class ClusterPanel;
class DiagnosePage;
class MonitorPanel;
class PlotPanel;
class ProfileForm;
class TrafficPanel;

class CentralTabs : public QTabWidget {
    Q_OBJECT
public:
    CentralTabs(PlotPanel* plots, ClusterPanel* cluster, ProfileForm* profile, TrafficPanel* traffic, QWidget* parent = nullptr);

    MonitorPanel* monitor() const { return monitor_; }
    DiagnosePage* diagnose() const { return diagnose_; }
    AdvisePage* advise() const { return advise_; }
    void showPage(const QString& name);  // "Runs", "Monitor", "Diagnose", "Advise"
    // The page in front: the Runs plots, monitor(), diagnose() or Advise's page (without the scroll area the
    // Monitor, Diagnose and Advise pages sit in, so a small screen scrolls them instead of clipping the window).
    QWidget* currentPage() const;

signals:
    void message(const QString& severity, const QString& code, const QString& text);  // for the event log

private:
    void syncDiagnose();  // the Setup dock's cluster, topic, record size and profile

    ClusterPanel* cluster_;
    ProfileForm* profile_;
    TrafficPanel* traffic_;
    MonitorPanel* monitor_;
    DiagnosePage* diagnose_;
    AdvisePage* advise_;
    QPushButton* useAdvice_;
};

}  // namespace acklab::ui
