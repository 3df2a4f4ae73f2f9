#include "CentralTabs.h"

#include "monitor/MonitorPanel.h"
#include "plots/PlotPanel.h"
#include "profile/ProfileForm.h"

namespace acklab::ui {

CentralTabs::CentralTabs(PlotPanel* plots, ClusterPanel* cluster, ProfileForm* profile, QWidget* parent)
    : QTabWidget(parent), monitor_(new MonitorPanel(cluster, [profile] { return profile->profile(); })) {
    setObjectName("centralTabs");
    setDocumentMode(true);
    addTab(plots, tr("Runs"));
    addTab(monitor_, tr("Monitor"));
    setTabToolTip(0, tr("The live plots of the runs and compares started from the Traffic tab"));
    setTabToolTip(1, tr("A steady stream into the chosen cluster, read back, until stopped: availability, latency, "
                        "loss and duplicates over 1 min / 5 min / 1 h, optionally served to Prometheus"));
}

void CentralTabs::showPage(const QString& name) {
    for (int i = 0; i < count(); ++i)
        if (tabText(i) == name) setCurrentIndex(i);
}

}  // namespace acklab::ui
