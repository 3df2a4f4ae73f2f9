// A run in the window: snapshots feed the plots, a fault reaches the error plot and the event log, compare
// shows one row and one curve per profile.
#include "CentralTabs.h"
#include "Dialogs.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "compare/CompareTableModel.h"
#include "log/EventLogModel.h"
#include "now/NowPanel.h"
#include "plots/DistributionPlot.h"
#include "plots/FailurePlot.h"
#include "plots/LatencyPlot.h"
#include "plots/PlotPanel.h"
#include "plots/ThroughputPlot.h"
#include "profile/ProfileForm.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

namespace {

// The window's composer set to `preset`, sending at `rate` for `durationMs` (events per transaction: `perTxn`).
void composeTimedRun(MainWindow& w, const QString& preset, int64_t durationMs, double rate, int64_t perTxn = 0) {
    w.profileForm()->selectPreset(preset);
    TrafficSpec t = w.trafficPanel()->spec();
    t.messages = 0;
    t.durationMs = durationMs;
    t.rate = rate;
    if (perTxn > 0) t.transaction.messages = perTxn;
    w.trafficPanel()->setSpec(t);
}

// The Run menu's action whose text (without its '&') is `text`.
QAction* runMenuAction(MainWindow& w, const QString& text) {
    for (QAction* menu : w.menuBar()->actions()) {
        if (menu->text().remove('&') != "Run" || !menu->menu()) continue;
        for (QAction* a : menu->menu()->actions())
            if (a->text().remove('&') == text) return a;
    }
    return nullptr;
}

}  // namespace

class RunWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void runFeedsThePlotsAndAFaultShowsUp() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        composeTimedRun(w, "critical", 4000, 5000);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startComposed());
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->latency()->dataCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->throughput()->dataCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->replotCount() > 0, 10000);

        QVERIFY(w.fireFault("error code=TOPIC_AUTHORIZATION_FAILED count=3"));
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->failures()->failuresShown("TOPIC_AUTHORIZATION_FAILED") > 0, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w.eventLog()->find("TOPIC_AUTHORIZATION_FAILED") >= 0, 15000);
        // The fault as fired, logged as a fault ...
        bool faultLogged = false;
        for (int r = 0; r < w.eventLog()->rowCount(); ++r) {
            const auto& x = w.eventLog()->entry(r);
            if (x.code == "fault" && x.message.contains("TOPIC_AUTHORIZATION_FAILED")) faultLogged = true;
        }
        QVERIFY(faultLogged);
        // The failure itself, with its class and remedy.
        bool permanent = false;
        for (int r = 0; r < w.eventLog()->rowCount(); ++r) {
            const auto& x = w.eventLog()->entry(r);
            if (x.code == "TOPIC_AUTHORIZATION_FAILED" && x.errorClass == "permanent" && !x.remedy.isEmpty()) permanent = true;
        }
        QVERIFY(permanent);
        QVERIFY(w.plots()->failures()->faultMarkerCount() >= 1);
        QVERIFY(w.plots()->latency()->faultMarkerCount() >= 1);

        QVERIFY(finished.wait(60000));
        QCOMPARE(w.controller()->records().size(), size_t(1));
        const auto& c = w.controller()->records()[0].result.counters;
        QVERIFY(c.failed > 0);
        QCOMPARE(c.sent, c.delivered + c.failed + w.controller()->records()[0].result.inFlightAtEnd);
    }

    // An abort fired by hand on a transactional run shows in the log and on the plots when the producer carries it
    // out, not once the run is over.
    void anAbortShowsWhileTheTransactionalRunGoesOn() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        composeTimedRun(w, "transactional", 8000, 1000, 20);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startComposed());
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->throughput()->dataCount() > 0, 10000);
        const int markersBefore = w.plots()->latency()->faultMarkerCount();
        QVERIFY(w.fireFault("abort"));
        auto abortLogged = [&w] {
            for (int r = 0; r < w.eventLog()->rowCount(); ++r) {
                const auto& x = w.eventLog()->entry(r);
                if (x.code == "fault" && x.message.contains("abort") && x.message.contains("aborted")) return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(abortLogged(), 5000);
        QCOMPARE(finished.count(), 0);  // still running
        QVERIFY(w.controller()->running());
        QVERIFY(w.plots()->latency()->faultMarkerCount() > markersBefore);
        QVERIFY(finished.wait(60000));
        QCOMPARE(w.controller()->records().at(0).result.transactions.abortedOnDemand, uint64_t{1});
        int logged = 0;  // once, not again when the run ends
        for (int r = 0; r < w.eventLog()->rowCount(); ++r) {
            const auto& x = w.eventLog()->entry(r);
            if (x.code == "fault" && x.message.contains("aborted")) ++logged;
        }
        QCOMPARE(logged, 1);
    }

    void compareShowsThreeProfiles() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        TrafficSpec t = w.trafficPanel()->spec();
        t.messages = 3000;
        t.durationMs = 0;
        t.rate = 3000;
        w.trafficPanel()->setSpec(t);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startCompare({"critical", "analytics", "metrics"}));
        QVERIFY(finished.wait(60000));
        QCOMPARE(w.compareModel()->rowCount(), 3);
        QStringList rows;
        for (int r = 0; r < 3; ++r) rows << w.compareModel()->index(r, CompareTableModel::Profile).data().toString();
        QCOMPARE(rows, QStringList({"critical", "analytics", "metrics"}));
        QCOMPARE(w.compareModel()->index(2, CompareTableModel::Acks).data().toString(), QString("0"));
        QCOMPARE(w.compareModel()->index(0, CompareTableModel::Delivered).data().toULongLong(), 3000ull);
        // acks=1 beside acks=all on the embedded cluster: the Compare tab says they cannot differ there.
        QVERIFY(w.compareNote().contains("acks=1 and acks=all cannot differ here"));
        // One curve per profile on the distribution plot, each with data; one p99 legend entry each on latency.
        int curves = 0;
        for (int i = 0; i < w.plots()->distribution()->graphCount(); ++i) {
            auto* g = w.plots()->distribution()->graph(i);
            if (g->visible() && g->dataCount() > 0) ++curves;
        }
        QCOMPARE(curves, 3);
        QCOMPARE(w.plots()->latency()->legend->itemCount(), 3);
        QVERIFY(w.plots()->throughput()->dataCount() > 0);
    }

    // What a user sees first: the idle "now" panel offers the lesson's comparison as a link, and the Run menu starts
    // and stops runs wherever the Setup dock's tabs stand; while a run goes, starting again does nothing.
    void idleLinkAndRunMenuStartAndStopRuns() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        TrafficSpec t = w.trafficPanel()->spec();
        t.messages = 0;
        t.durationMs = 60'000;
        t.rate = 200;
        w.trafficPanel()->setSpec(t);
        auto* idle = w.findChild<QLabel*>("nowIdle");
        auto* now = w.findChild<NowPanel*>();
        QVERIFY(idle && now);
        QVERIFY(idle->isVisible());
        QVERIFY(idle->text().contains("Compare acks=all, acks=1 and acks=0"));
        QAction* compare = runMenuAction(w, "Compare acks=all, acks=1 and acks=0");
        QAction* start = runMenuAction(w, "Start the composed profile");
        QAction* stop = runMenuAction(w, "Stop");
        QVERIFY(compare && start && stop);
        QSignalSpy finished(&w, &MainWindow::runFinished);

        w.centralTabs()->showPage("Diagnose");  // the link is under every page: a run brings the Runs page forward
        emit idle->linkActivated("lesson");
        QTRY_COMPARE_WITH_TIMEOUT(now->cardCount(), 3, 10000);
        QCOMPARE(w.centralTabs()->currentPage(), static_cast<QWidget*>(w.plots()));
        QVERIFY(!idle->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(now->headline(2).contains("delivering"), 10000);
        start->trigger();  // a run is going: nothing happens
        QTest::qWait(500);
        QCOMPARE(now->cardCount(), 3);
        stop->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(w.compareModel()->rowCount(), 3);

        w.profileForm()->selectPreset("analytics");
        start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(now->cardCount(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(now->headline(0).startsWith("analytics"), 10000);
        stop->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.count(), 2);
    }

    void invalidProfileDoesNotStart() {
        MainWindow w;
        w.profileForm()->selectPreset("critical");
        w.profileForm()->setProfile([] {
            ProducerProfile p("bad", {{"enable.idempotence", "true"}, {"max.in.flight.requests.per.connection", "10"}});
            return p;
        }());
        QVERIFY(!w.startComposed());
        QVERIFY(w.eventLog()->find("not valid") >= 0);
        QVERIFY(!w.controller()->running());
    }
};

QTEST_MAIN(RunWindowTest)
#include "RunWindowTest.moc"
