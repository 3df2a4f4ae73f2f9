// End to end on real Kafka, through the window: Cluster tab -> Local Kafka -> Up (on a worker thread), the
// production profile with audit while the partition leader is killed from the Faults path, then Down.
// Starts and stops 3 Kafka processes on ports 19092-19114 (~700 MB): runs only with ACKLAB_UI_LOCAL_KAFKA=1,
// and refuses to touch a local cluster it did not start itself.
#include "Dialogs.h"
#include "HeadlessDriver.h"
#include "MainWindow.h"
#include "../UiTestSupport.h"
#include "cluster/ClusterPanel.h"
#include "compare/CompareTableModel.h"
#include "profile/ProfileForm.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

class LocalKafkaWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (qEnvironmentVariable("ACKLAB_UI_LOCAL_KAFKA") != "1")
            QSKIP("starts a real 3-node Kafka: set ACKLAB_UI_LOCAL_KAFKA=1 to run");
        test::isolateWindowTests();
    }

    void leaderKilledWhileProductionProfileRuns() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        const QString shots = qEnvironmentVariable("ACKLAB_UI_SHOTS", "/tmp");
        ClusterPanel* cluster = w.clusterPanel();
        QSignalSpy message(cluster, &ClusterPanel::message);
        w.showSetupTab("Cluster");
        cluster->setKind("local");
        QVERIFY(message.wait(30000));  // java probed off the UI thread
        QVERIFY2(cluster->localAvailable(), qPrintable(message.last().at(0).toString()));
        QVERIFY2(!cluster->sharedCluster(), "a local cluster is already running: not ours to use or stop");
        QPushButton* up = nullptr;
        QPushButton* down = nullptr;
        for (auto* b : cluster->findChildren<QPushButton*>()) {
            if (b->text().startsWith("Up")) up = b;
            if (b->text() == "Down") down = b;
        }
        QVERIFY(up && down && up->isEnabled());
        QTest::mouseClick(up, Qt::LeftButton);
        QVERIFY(!up->isEnabled());  // the worker runs; the window stays responsive
        QTRY_VERIFY_WITH_TIMEOUT(cluster->sharedCluster() != nullptr, 180000);
        HeadlessDriver::screenshot(w, shots + "/local-up.png");

        QVERIFY(w.profileForm()->selectPreset("production"));
        TrafficSpec t = w.trafficPanel()->spec();
        t.topic = "acklab-window-failover";
        t.partitions = 1;
        t.messages = 0;
        t.durationMs = 15000;
        t.rate = 500;
        w.trafficPanel()->setSpec(t);
        w.trafficPanel()->setAudit(true);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QSignalSpy audited(w.controller(), &RunController::auditFinished);
        QVERIFY(w.startComposed());
        w.showResultsTab("Compare");
        QTRY_VERIFY_WITH_TIMEOUT(w.compareModel()->index(0, CompareTableModel::Delivered).data().toULongLong() > 1500, 30000);
        w.showSetupTab("Faults");
        QVERIFY(w.fireFault("kill broker=leader"));
        QVERIFY(finished.wait(120000));
        QVERIFY(audited.wait(120000));
        HeadlessDriver::screenshot(w, shots + "/local-failover.png");
        const auto& rec = w.controller()->records().at(0);
        QVERIFY(rec.audit && rec.audit->ok);
        bool killed = false;
        for (const auto& f : rec.faults) killed = killed || (f.ok && f.spec.find("kill") != std::string::npos);
        QVERIFY(killed);
        QCOMPARE(w.compareModel()->index(0, CompareTableModel::Lost).data().toString(), QString("0"));
        QCOMPARE(w.compareModel()->index(0, CompareTableModel::Duplicated).data().toString(), QString("0"));

        w.showSetupTab("Cluster");
        QTRY_VERIFY_WITH_TIMEOUT(down->isEnabled(), 30000);
        QTest::mouseClick(down, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(cluster->sharedCluster() == nullptr && up->isEnabled(), 60000);
    }
};

QTEST_MAIN(LocalKafkaWindowTest)
#include "LocalKafkaWindowCheck.moc"
