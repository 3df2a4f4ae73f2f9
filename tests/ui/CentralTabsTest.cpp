// The window's centre pages wired to the Setup dock: Diagnose checks what a run would use (the traffic's topic and
// record size, the Profile tab's profile, the chosen cluster) and reports into the event log; Advise's
// recommendation goes into the Profile tab with one click; the Profile tab's Export menu opens the code export.
#include "CentralTabs.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "advise/AdvisePage.h"
#include "diagnose/DiagnosePage.h"
#include "cluster/ClusterPanel.h"
#include <QLineEdit>
#include <QComboBox>
#include <QDockWidget>
#include "compare/CompareTableModel.h"
#include "log/EventLogModel.h"
#include "plots/PlotPanel.h"
#include "plots/TransactionPlot.h"
#include "run/RunController.h"
#include "profile/Presets.h"
#include "profile/ProfileForm.h"
#include "traffic/TrafficPanel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

namespace {

bool logHas(const EventLogModel& log, const QString& text) {
    for (int r = 0; r < log.rowCount(); ++r)
        for (int c = 0; c < log.columnCount(); ++c)
            if (log.index(r, c).data().toString().contains(text)) return true;
    return false;
}

QString findingsText(const DiagnosePage& d) {
    QString all;
    const auto* t = d.findingsTable();
    for (int r = 0; r < t->rowCount(); ++r)
        for (int c = 0; c < t->columnCount(); ++c)
            if (t->item(r, c)) all += t->item(r, c)->text() + " | ";
    return all;
}

}  // namespace

class CentralTabsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    // A 1366x768 laptop is the smallest common screen: the window's minimum (every dock, page and plot at its
    // smallest) must fit it with room for a title bar and a panel, or the cluster view, the event log and the
    // status bar end up off screen (seen: 1562x835 at 1366x768).
    void theWindowFitsALaptopScreen() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QSize min = w.minimumSizeHint().expandedTo(w.minimumSize());
        QString parts;  // what each part needs at least, for the failure message
        for (auto* dock : w.findChildren<QDockWidget*>())
            parts += QString("%1 %2x%3; ").arg(dock->windowTitle()).arg(dock->minimumSizeHint().width()).arg(dock->minimumSizeHint().height());
        parts += QString("centre %1x%2").arg(w.centralWidget()->minimumSizeHint().width()).arg(w.centralWidget()->minimumSizeHint().height());
        QVERIFY2(min.width() <= 1366, qPrintable(QString("minimum width %1: %2").arg(min.width()).arg(parts)));
        QVERIFY2(min.height() <= 700, qPrintable(QString("minimum height %1: %2").arg(min.height()).arg(parts)));
        // Comparing three profiles adds a row of check boxes, not width.
        w.plots()->reset({"critical", "production", "fast"}, 100);
        const QSize compareMin = w.minimumSizeHint().expandedTo(w.minimumSize());
        QVERIFY2(compareMin.width() <= 1366 && compareMin.height() <= 730,
                 qPrintable(QString("compare: minimum %1x%2").arg(compareMin.width()).arg(compareMin.height())));
    }

    void diagnoseUsesTheSetupDocksProducerAndTopic() {
        MainWindow w;
        TrafficSpec t = w.trafficPanel()->spec();
        t.topic = "orders-from-setup";
        w.trafficPanel()->setSpec(t);
        ProducerProfile p = *findPreset("critical");
        p.set("delivery.timeout.ms", "1000");  // below linger.ms + request.timeout.ms: diagnose must say so
        p.set("request.timeout.ms", "5000");
        w.profileForm()->setProfile(p);
        w.centralTabs()->showPage("Diagnose");
        DiagnosePage* d = w.centralTabs()->diagnose();
        QSignalSpy done(d, &DiagnosePage::diagnosed);
        d->diagnose();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
        QCOMPARE(done.at(0).at(0).toInt(), 1);  // a failure is predicted
        const QString found = findingsText(*d);
        QVERIFY2(found.contains("orders-from-setup"), qPrintable(found));
        QVERIFY2(found.contains("delivery.timeout.ms"), qPrintable(found));
        QVERIFY(logHas(*w.eventLog(), "a failure is predicted"));
    }

    // An External cluster in the Cluster tab: the Diagnose page takes its bootstrap and its security properties,
    // and shows the password masked.
    void diagnoseTakesTheExternalClustersSecurity() {
        MainWindow w;
        ClusterPanel* c = w.clusterPanel();
        c->setKind("external");
        c->findChild<QLineEdit*>("externalBootstrap")->setText("127.0.0.1:1");
        c->findChild<QComboBox*>("externalSecurity")->setCurrentText("sasl_plaintext");
        c->findChild<QLineEdit*>("externalUser")->setText("bob");
        c->findChild<QLineEdit*>("externalPassword")->setText("s3cret");
        w.centralTabs()->showPage("Diagnose");
        DiagnosePage* d = w.centralTabs()->diagnose();
        const auto& props = d->clusterConnection();
        auto has = [&props](const std::string& k, const std::string& v) {
            return std::find(props.begin(), props.end(), std::make_pair(k, v)) != props.end();
        };
        QVERIFY(has("security.protocol", "sasl_plaintext"));
        QVERIFY(has("sasl.username", "bob"));
        QVERIFY(has("sasl.password", "s3cret"));  // used to connect...
        const QString shown = d->clusterConnectionText();
        QVERIFY2(shown.contains("sasl.username=bob") && !shown.contains("s3cret"), qPrintable(shown));  // ...never shown
        c->setKind("embedded");
    }

    void advisedProfileGoesIntoTheProfileTab() {
        MainWindow w;
        w.centralTabs()->showPage("Advise");
        AdvisePage* a = w.centralTabs()->advise();
        auto* use = w.centralTabs()->findChild<QPushButton*>("useAdvice");
        QVERIFY(use);
        QVERIFY(!use->isEnabled());  // nothing recommended yet
        a->loadExample(AdvisePage::Example::TaskEvents);
        a->recommend();
        QVERIFY(a->advice().has_value());
        QVERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        const ProducerProfile inForm = w.profileForm()->profile();
        QCOMPARE(inForm.get("acks").value_or(""), std::string("all"));
        QCOMPARE(inForm.get("enable.idempotence").value_or(""), std::string("true"));
        QCOMPARE(QString::fromStdString(inForm.name()), QString::fromStdString(a->advice()->profile.name()));
    }

    // A transactional run on the embedded cluster: the Traffic tab's transaction fields reach the run, the
    // transactions plot appears with committed and aborted series, and the Compare tab's transaction columns
    // count what the core counted, with the read_committed audit (nothing partial, no aborted record seen).
    void transactionalRunFillsThePlotAndTheCompareColumns() {
        MainWindow w;
        w.profileForm()->setProfile(*findPreset("transactional"));
        TrafficSpec t = w.trafficPanel()->spec();
        t.messages = 600;
        t.durationMs = 0;
        t.rate = 600;
        t.transaction.messages = 20;
        t.transaction.topics = {t.topic, "audit-log"};
        t.transaction.abortEvery = 3;
        w.trafficPanel()->setSpec(t);
        const TrafficSpec back = w.trafficPanel()->spec();
        QCOMPARE(back.transaction.messages, int64_t{20});
        QCOMPARE(back.transaction.abortEvery, int64_t{3});
        QCOMPARE(back.transaction.topics.size(), size_t{2});
        w.trafficPanel()->setAudit(true);
        QSignalSpy audited(w.controller(), &RunController::auditFinished);
        QVERIFY(w.startComposed());
        QTRY_VERIFY_WITH_TIMEOUT(!audited.isEmpty(), 90000);
        QVERIFY(!w.plots()->transactions()->isHidden());
        QVERIFY(w.plots()->transactions()->dataCount() > 0);
        const auto* m = w.compareModel();
        const auto cell = [m](int c) { return m->index(0, c).data().toString(); };
        const auto& rec = w.controller()->records().at(0);
        QVERIFY(rec.txnAudit.has_value());
        QCOMPARE(cell(CompareTableModel::TxnCommitted).toULongLong(), rec.result.transactions.committed);
        QCOMPARE(cell(CompareTableModel::TxnAborted).toULongLong(), rec.result.transactions.aborted);
        // 600 records over two topics: 300 events, 15 transactions of 20, every third aborted.
        const uint64_t total = rec.result.transactions.committed + rec.result.transactions.aborted;
        QCOMPARE(total, uint64_t{15});
        QCOMPARE(rec.result.transactions.aborted, uint64_t{5});
        // The embedded cluster writes no transaction markers: read_committed reads the aborted records too
        // (5 aborted x 20 events x 2 topics), and the Compare tab says why.
        QCOMPARE(rec.txnAudit->committed.abortedVisible, uint64_t{200});
        QCOMPARE(cell(CompareTableModel::TxnPartial), QString("0 partial · 200 aborted seen"));
        QCOMPARE(cell(CompareTableModel::Lost), QString("0"));
        QVERIFY2(w.compareNote().contains("no transaction markers"), qPrintable(w.compareNote()));
    }
};

QTEST_MAIN(CentralTabsTest)
#include "CentralTabsTest.moc"
