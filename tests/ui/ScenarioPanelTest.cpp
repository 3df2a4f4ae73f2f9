// Scenarios in the window: a bundled scenario's timeline and expectations are shown before playing, playing
// it through the window's run machinery marks each expectation met with its actual value, a malformed file
// shows its problems named by their path in the file, and Save report writes the HTML with inline SVG.
#include "Dialogs.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "plots/LatencyPlot.h"
#include "plots/PlotPanel.h"
#include "run/RunController.h"
#include "scenario/ScenarioPanel.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace acklab;
using namespace acklab::ui;

class ScenarioPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void resolvesBundledNames() {
        QVERIFY(ScenarioPanel::resolve("message-too-large").endsWith("scenarios/message-too-large.json"));
        QVERIFY(ScenarioPanel::resolve("no-such-scenario").isEmpty());
    }

    void bundledScenarioPlaysAndItsExpectationsAreMet() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        ScenarioPanel* panel = w.scenarioPanel();
        QVERIFY(panel->openFile(ScenarioPanel::resolve("message-too-large")));
        QVERIFY(panel->problemText().isEmpty());
        // Before playing: every expectation listed, none evaluated.
        QTreeWidget* exp = panel->expectationsView();
        QCOMPARE(exp->topLevelItemCount(), 4);
        QCOMPARE(exp->topLevelItem(0)->text(0), QString("messages.dlq == 50"));
        QCOMPARE(exp->topLevelItem(0)->text(1), QString("limit-4KB"));
        QCOMPARE(exp->topLevelItem(0)->text(2), QString("not played"));
        QVERIFY(!panel->timelineView()->findItems("traffic", Qt::MatchExactly, 0).isEmpty());

        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(panel->play());
        QVERIFY(finished.wait(60000));  // the run goes through the window: plots, compare, event log
        QCOMPARE(w.controller()->profileNames(), QStringList({"limit-1MB", "limit-4KB"}));
        QVERIFY(w.plots()->latency()->dataCount() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(panel->metCount() + panel->notMetCount(), 4, 20000);
        QCOMPARE(panel->notMetCount(), 0);
        QCOMPARE(exp->topLevelItemCount(), 4);
        for (int i = 0; i < exp->topLevelItemCount(); ++i) QCOMPARE(exp->topLevelItem(i)->text(2), QString("met"));
        const auto dlq = exp->findItems("messages.dlq == 50", Qt::MatchExactly, 0);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq[0]->text(1), QString("limit-4KB"));
        QVERIFY2(dlq[0]->text(3).startsWith("50"), qPrintable(dlq[0]->text(3)));
        QVERIFY(panel->statusText().contains("All 4"));

        QTemporaryDir dir;
        QString error;
        QVERIFY2(panel->saveReport(dir.filePath("scenario"), &error), qPrintable(error));
        QFile html(dir.filePath("scenario.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.contains("<svg"));
        QVERIFY(page.contains("messages.dlq == 50"));
        QVERIFY(QFile::exists(dir.filePath("scenario.json")));
        QVERIFY(QFile::exists(dir.filePath("scenario.csv")));
    }

    void malformedScenarioShowsItsProblemsByPath() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "broken", "cluster": {"kind": "embedded", "brokers": 3}, "profiles": ["critical"],
                    "traffic": {"topic": "t", "messages": 10},
                    "faults": ["down broker=2 at=soon"], "expectations": ["audit.lost =="]})");
        f.close();
        MainWindow w;
        ScenarioPanel* panel = w.scenarioPanel();
        QVERIFY(!panel->openFile(path));
        QVERIFY(!panel->scenario());
        const QString text = panel->problemText();
        QVERIFY2(text.contains(path + ": faults[0]"), qPrintable(text));
        QVERIFY2(text.contains(path + ": expectations[0]"), qPrintable(text));
        QVERIFY(!panel->play());
        // A missing file says so, with its path.
        QVERIFY(!panel->openFile(dir.filePath("missing.json")));
        QVERIFY(panel->problemText().contains("missing.json: cannot open"));
    }
};

QTEST_MAIN(ScenarioPanelTest)
#include "ScenarioPanelTest.moc"
