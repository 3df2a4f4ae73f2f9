#pragma once
// The window's centre: the Runs view (the live plots of the runs started from the Setup dock) and the views
// that live beside it — Monitor mode, a long-running watch of the chosen cluster. Each page is built here so
// MainWindow only wires signals.
#include <QTabWidget>

namespace acklab::ui {

class ClusterPanel;
class MonitorPanel;
class PlotPanel;
class ProfileForm;

class CentralTabs : public QTabWidget {
    Q_OBJECT
public:
    CentralTabs(PlotPanel* plots, ClusterPanel* cluster, ProfileForm* profile, QWidget* parent = nullptr);

    MonitorPanel* monitor() const { return monitor_; }
    void showPage(const QString& name);  // "Runs", "Monitor"

private:
    MonitorPanel* monitor_;
};

}  // namespace acklab::ui
