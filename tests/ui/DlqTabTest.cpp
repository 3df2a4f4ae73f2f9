// The DLQ tab follows the run's dead-letter topic: a run whose Produce requests are refused with
// TOPIC_AUTHORIZATION_FAILED (permanent) shows its dead-lettered records there; Save report writes the run's
// HTML (with inline SVG plots), JSON and CSV.
#include "Dialogs.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "dlq/DlqInspector.h"
#include "dlq/DlqPanel.h"
#include "dlq/DlqTableModel.h"
#include "profile/ProfileForm.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

class DlqTabTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void authorizationFailuresShowInTheDlqTab() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        w.profileForm()->selectPreset("critical");
        TrafficSpec t = w.trafficPanel()->spec();
        t.topic = "orders";
        t.partitions = 1;
        t.messages = 1000;
        t.durationMs = 0;
        t.rate = 1000;
        w.trafficPanel()->setSpec(t);
        w.setScheduledFaults({FaultSpec::parse("error code=TOPIC_AUTHORIZATION_FAILED count=5 at=500ms")});
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startComposed());
        w.focusResultsTab("DLQ");
        // Live while the run goes (the session is built off the UI thread, so it follows once the run has started).
        QTRY_VERIFY_WITH_TIMEOUT(w.dlqPanel()->inspector()->following(), 10000);
        QVERIFY(finished.wait(60000));

        const auto& c = w.controller()->records().at(0).result.counters;
        QVERIFY(c.dlqTopic > 0);
        auto* model = w.dlqPanel()->inspector()->model();
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<uint64_t>(model->rowCount()), c.dlqTopic, 20000);
        QVERIFY(model->countsByError().count("TOPIC_AUTHORIZATION_FAILED") == 1);
        QCOMPARE(model->record(0).originalTopic, std::string("orders"));
        QVERIFY(w.dlqPanel()->summaryText().contains("to topic dead-letter-queue"));

        // The report of the same run.
        QTemporaryDir dir;
        QString error;
        QVERIFY2(w.saveRunReport(dir.filePath("run.html"), &error), qPrintable(error));
        QFile html(dir.filePath("run.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.contains("<svg"));
        QVERIFY(page.contains("TOPIC_AUTHORIZATION_FAILED"));
        QVERIFY(QFile::exists(dir.filePath("run.json")));
        QVERIFY(QFile::exists(dir.filePath("run.csv")));
    }

    void nothingToReportBeforeARun() {
        MainWindow w;
        QTemporaryDir dir;
        QString error;
        QVERIFY(!w.saveRunReport(dir.filePath("none.html"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(dir.filePath("none.html")));
    }
};

QTEST_MAIN(DlqTabTest)
#include "DlqTabTest.moc"
