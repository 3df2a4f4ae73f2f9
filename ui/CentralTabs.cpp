#include "CentralTabs.h"

#include "advise/AdvisePage.h"
#include "cluster/ClusterPanel.h"
#include "diagnose/DiagnosePage.h"
#include "monitor/MonitorPanel.h"
#include "plots/PlotPanel.h"
#include "profile/ProfileForm.h"
#include "traffic/TrafficPanel.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <memory>

namespace acklab::ui {

namespace {

QScrollArea* scrollable(QWidget* page) {
    auto* area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

}  // namespace

CentralTabs::CentralTabs(PlotPanel* plots, ClusterPanel* cluster, ProfileForm* profile, TrafficPanel* traffic, QWidget* parent)
    : QTabWidget(parent), cluster_(cluster), profile_(profile), traffic_(traffic),
      monitor_(new MonitorPanel(cluster, [profile] { return profile->profile(); })), diagnose_(new DiagnosePage),
      advise_(new AdvisePage) {
    setObjectName("centralTabs");
    setDocumentMode(true);
    addTab(plots, tr("Runs"));
    addTab(scrollable(monitor_), tr("Monitor"));
    addTab(scrollable(diagnose_), tr("Diagnose"));

    // Advise, with a way to take its recommendation into the Profile tab.
    auto* advise = new QWidget;
    auto* layout = new QVBoxLayout(advise);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(advise_, 1);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(9, 0, 9, 6);
    useAdvice_ = new QPushButton(tr("Use this profile in the Profile tab"));
    useAdvice_->setObjectName("useAdvice");
    useAdvice_->setEnabled(false);
    row->addStretch(1);
    row->addWidget(useAdvice_);
    layout->addLayout(row);
    addTab(scrollable(advise), tr("Advise"));
    auto advised = std::make_shared<std::unique_ptr<ProducerProfile>>();
    connect(advise_, &AdvisePage::advised, this, [this, advised](const ProducerProfile& p) {
        *advised = std::make_unique<ProducerProfile>(p);
        useAdvice_->setEnabled(true);
    });
    connect(useAdvice_, &QPushButton::clicked, this, [this, advised] {
        if (!*advised) return;
        profile_->setProfile(**advised);
        emit message("info", "advise", tr("Profile '%1' from Advise is in the Profile tab: run it, compare it, or save it.")
                                           .arg(QString::fromStdString((*advised)->name())));
    });
    connect(advise_, &AdvisePage::verified, this, [this](bool held) {
        emit message(held ? "info" : "warning", "advise", held ? tr("Verify: every requirement held.") : tr("Verify: a requirement did not hold (see the Advise page)."));
    });
    connect(diagnose_, &DiagnosePage::diagnosed, this, [this](int status) {
        emit message(status == 0 ? "info" : "warning", "diagnose",
                     status == 0 ? tr("Diagnose: no failure predicted for this producer on this cluster.")
                     : status == 1 ? tr("Diagnose: a failure is predicted (see the Diagnose page).")
                                   : tr("Diagnose: the cluster did not answer."));
    });

    setTabToolTip(0, tr("The live plots of the runs and compares started from the Traffic tab"));
    setTabToolTip(1, tr("A steady stream into the chosen cluster, read back, until stopped: availability, latency, "
                        "loss and duplicates over 1 min / 5 min / 1 h, optionally served to Prometheus"));
    setTabToolTip(2, tr("Asks the chosen cluster what will make this producer fail there (replicas, sizes, ACLs, timeouts)"));
    setTabToolTip(3, tr("Requirements in (latency, loss, duplicates, rate), a profile out with the reason per setting, verified"));
    // The Diagnose page follows the Setup dock: what it checks is what a run would use.
    connect(this, &QTabWidget::currentChanged, this, [this] {
        if (currentPage() == diagnose_) syncDiagnose();
    });
    connect(profile_, &ProfileForm::profileChanged, this, [this] {
        if (currentPage() == diagnose_) syncDiagnose();
    });
    connect(cluster_, &ClusterPanel::changed, this, [this] {
        if (currentPage() == diagnose_) syncDiagnose();
    });
}

void CentralTabs::syncDiagnose() {
    const QString kind = cluster_->kindName();
    const ClusterChoice c = cluster_->choice();
    if (kind == "local") diagnose_->setCluster(DiagnosePage::Cluster::LocalKafka);
    else if (kind == "external")
        diagnose_->setCluster(DiagnosePage::Cluster::Bootstrap, QString::fromStdString(c.bootstrap), c.properties);
    else diagnose_->setCluster(DiagnosePage::Cluster::Embedded);
    const TrafficSpec t = traffic_->spec();
    diagnose_->setTopic(QString::fromStdString(t.topic));
    diagnose_->setRecordSize(static_cast<int>(t.valueSize));
    diagnose_->setProfile(profile_->profile());
}

void CentralTabs::showPage(const QString& name) {
    for (int i = 0; i < count(); ++i)
        if (tabText(i) == name) setCurrentIndex(i);
}

QWidget* CentralTabs::currentPage() const {
    auto* area = qobject_cast<QScrollArea*>(currentWidget());
    return area != nullptr ? area->widget() : currentWidget();
}

}  // namespace acklab::ui
