// The Diagnose page: asks the embedded cluster off the UI thread (the button is disabled meanwhile), fills the
// findings table and the verdict; a profile handed in from outside is the one diagnosed; bad input is said, not run.
#include "UiTestSupport.h"
#include "diagnose/DiagnosePage.h"
#include "profile/Presets.h"

#include <QCheckBox>
#include <QPushButton>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

namespace {

int rowOf(QTableWidget* t, const QString& check, const QString& severity) {
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 1)->text() == check && t->item(r, 0)->text() == severity) return r;
    return -1;
}

}  // namespace

class DiagnosePageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void embeddedClusterFindingsFillTheTable() {
        DiagnosePage page;
        QVERIFY(test::showExposed(page));
        page.setCluster(DiagnosePage::Cluster::Embedded);
        page.setTopic("orders");
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        auto* button = page.findChild<QPushButton*>("diagnoseRun");
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(page.busy());
        QVERIFY(!button->isEnabled());
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toInt(), 0);  // the embedded cluster predicts no failure for critical
        QVERIFY(!page.busy());
        QVERIFY(button->isEnabled());
        QTableWidget* t = page.findingsTable();
        QCOMPARE(t->rowCount(), static_cast<int>(page.lastDiagnosis().findings.size()));
        const int brokers = rowOf(t, "brokers", "OK");
        QVERIFY(brokers >= 0);
        QVERIFY2(t->item(brokers, 2)->text().contains("3 broker(s) answer"), qPrintable(t->item(brokers, 2)->text()));
        QVERIFY(rowOf(t, "topic", "OK") >= 0);
        QVERIFY2(page.verdictText().startsWith("verdict: no failure predicted"), qPrintable(page.verdictText()));
    }

    void aProfileHandedInIsTheOneDiagnosed() {
        DiagnosePage page;
        auto p = *findPreset("critical");
        p.setName("mine");
        p.set("delivery.timeout.ms", "1000");  // < linger.ms + request.timeout.ms
        page.setProfile(p);
        page.setCluster(DiagnosePage::Cluster::Embedded);
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        page.diagnose();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toInt(), 1);
        QTableWidget* t = page.findingsTable();
        const int row = rowOf(t, "timeouts", "FAIL");
        QVERIFY(row >= 0);
        QCOMPARE(t->item(row, 3)->text(), QString("_MSG_TIMED_OUT"));
        QVERIFY2(page.verdictText().contains("_MSG_TIMED_OUT"), qPrintable(page.verdictText()));
    }

    // "Probe transactional.id": off, the embedded cluster's unreadable configs leave the id's access unknown (a
    // warning saying how to find out); on, InitProducerId answers and the row turns OK. On with a profile that has
    // no transactional.id, the page says so and asks nothing.
    void theTransactionalIdProbeIsOptInAndNeedsAnId() {
        DiagnosePage page;
        page.setCluster(DiagnosePage::Cluster::Embedded);
        page.setProfile(*findPreset("transactional"));
        auto* probe = page.findChild<QCheckBox*>("diagnoseProbeTransactionalId");
        QVERIFY(probe);
        QVERIFY(!probe->isChecked());
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        page.diagnose();
        QVERIFY(done.wait(30000));
        QTableWidget* t = page.findingsTable();
        int row = rowOf(t, "access.transactional", "WARN");
        QVERIFY2(row >= 0, qPrintable(page.verdictText()));
        QVERIFY2(t->item(row, 4)->text().contains("Probe transactional.id"), qPrintable(t->item(row, 4)->text()));

        probe->setChecked(true);
        page.diagnose();
        QVERIFY(done.wait(30000));
        row = rowOf(t, "access.transactional", "OK");
        QVERIFY2(row >= 0, qPrintable(page.verdictText()));
        QVERIFY2(t->item(row, 2)->text().contains("InitProducerId with transactional.id task-api-txn was answered"),
                 qPrintable(t->item(row, 2)->text()));

        page.setProfile(*findPreset("critical"));
        QSignalSpy failed(&page, &DiagnosePage::diagnoseFailed);
        page.diagnose();
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains("no transactional.id"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!page.busy());
    }

    void badInputIsSaidAndNothingRuns() {
        DiagnosePage page;
        page.setCluster(DiagnosePage::Cluster::Bootstrap, "");
        QSignalSpy failed(&page, &DiagnosePage::diagnoseFailed);
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        page.diagnose();
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains("bootstrap"));
        QVERIFY(!page.busy());
        QCOMPARE(done.count(), 0);
    }

    void unreachableBootstrapIsExitStatusThree() {
        DiagnosePage page;
        page.setCluster(DiagnosePage::Cluster::Bootstrap, "127.0.0.1:1");
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        page.diagnose();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toInt(), 3);
        QVERIFY2(page.verdictText().contains("unreachable"), qPrintable(page.verdictText()));
    }

    // The Cluster tab's External security properties reach the diagnosis (a refused one is named), and the page
    // shows them with the secrets masked.
    void clusterConnectionPropertiesAreUsedAndSecretsMasked() {
        DiagnosePage page;
        page.setCluster(DiagnosePage::Cluster::Bootstrap, "127.0.0.1:1",
                        {{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", "PLAIN"}, {"sasl.username", "bob"},
                         {"sasl.password", "s3cret"}});
        const auto* label = page.findChild<QLabel*>("diagnoseClusterConnection");
        QVERIFY(label);
        QVERIFY2(label->text().contains("security.protocol=SASL_PLAINTEXT"), qPrintable(label->text()));
        QVERIFY2(label->text().contains("sasl.username=bob"), qPrintable(label->text()));
        QVERIFY2(!label->text().contains("s3cret"), qPrintable(label->text()));
        QCOMPARE(page.clusterConnection().size(), size_t{4});

        // They are what the probe connects with: a value librdkafka refuses is the finding, named.
        page.setCluster(DiagnosePage::Cluster::Bootstrap, "127.0.0.1:1", {{"security.protocol", "CARRIER_PIGEON"}});
        QSignalSpy done(&page, &DiagnosePage::diagnosed);
        auto found = [&page] {
            QString all;
            for (int row = 0; row < page.findingsTable()->rowCount(); ++row) all += page.findingsTable()->item(row, 2)->text() + "\n";
            return all;
        };
        page.diagnose();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toInt(), 3);
        QVERIFY2(found().contains("security.protocol") && found().contains("CARRIER_PIGEON"), qPrintable(found()));

        // What is typed on the page comes after the Cluster tab's, and wins.
        auto* own = page.findChild<QPlainTextEdit*>("diagnoseProperties");
        QVERIFY(own);
        own->setPlainText("security.protocol=PLAINTEXT");
        done.clear();
        page.diagnose();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toInt(), 3);  // asked, as PLAINTEXT: nobody answers at 127.0.0.1:1
        QVERIFY2(!found().contains("CARRIER_PIGEON") && found().contains("no broker answered"), qPrintable(found()));
        own->clear();

        page.setCluster(DiagnosePage::Cluster::Embedded);  // not a bootstrap: nothing of the Cluster tab's is used
        QVERIFY2(label->text().contains("nothing"), qPrintable(label->text()));
    }
};

QTEST_MAIN(DiagnosePageTest)
#include "DiagnosePageTest.moc"
