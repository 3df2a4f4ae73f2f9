// The Advise page: the lesson's three examples give their key settings with a reason on every row; a bad loss
// text is refused by name; the profile saves and loads back; Verify runs off the UI thread on the embedded cluster
// and reports the requirement's verdict.
#include "UiTestSupport.h"
#include "advise/AdvisePage.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

namespace {

QString valueOf(QTableWidget* t, const QString& key) {
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->text() == key) return t->item(r, 1)->text();
    return "<missing>";
}

}  // namespace

class AdvisePageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void theLessonsThreeExamples() {
        AdvisePage page;
        QSignalSpy advised(&page, &AdvisePage::advised);
        const struct {
            AdvisePage::Example example;
            const char* acks;
            const char* idempotence;
            const char* delivery;
        } cases[] = {{AdvisePage::Example::TaskEvents, "all", "true", "120000"},
                     {AdvisePage::Example::Analytics, "1", "false", "30000"},
                     {AdvisePage::Example::Metrics, "0", "false", "5000"}};
        for (const auto& c : cases) {
            page.loadExample(c.example);
            page.recommend();
            QTableWidget* t = page.reasonsTable();
            QCOMPARE(valueOf(t, "acks"), QString(c.acks));
            QCOMPARE(valueOf(t, "enable.idempotence"), QString(c.idempotence));
            QCOMPARE(valueOf(t, "delivery.timeout.ms"), QString(c.delivery));
            QCOMPARE(valueOf(t, "topic: replication.factor"), QString("3"));
            for (int r = 0; r < t->rowCount(); ++r) QVERIFY2(!t->item(r, 2)->text().isEmpty(), qPrintable(t->item(r, 0)->text()));
        }
        QCOMPARE(advised.count(), 3);
    }

    void aLossTextThatDoesNotParseIsRefused() {
        AdvisePage page;
        page.findChild<QComboBox*>("adviseLoss")->setCurrentText("lots");
        QSignalSpy failed(&page, &AdvisePage::adviceFailed);
        page.recommend();
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains("lots"));
        QVERIFY(!page.advice().has_value());
        QCOMPARE(page.reasonsTable()->rowCount(), 0);
    }

    void theProfileSavesAndLoadsBack() {
        AdvisePage page;
        page.loadExample(AdvisePage::Example::TaskEvents);
        page.recommend();
        QTemporaryDir dir;
        const QString path = dir.filePath("task-events.json");
        QSignalSpy saved(&page, &AdvisePage::profileSaved);
        QVERIFY(page.saveTo(path));
        QCOMPARE(saved.count(), 1);
        const ProducerProfile p = ProducerProfile::loadFile(path.toStdString());
        QCOMPARE(QString::fromStdString(p.name()), QString("task-events"));
        QCOMPARE(QString::fromStdString(p.get("acks").value_or("")), QString("all"));
    }

    void verifyOnTheEmbeddedClusterReportsTheVerdict() {
        AdvisePage page;
        QVERIFY(test::showExposed(page));
        page.loadExample(AdvisePage::Example::Metrics);
        page.recommend();
        page.setVerifyCluster(AdvisePage::VerifyCluster::Embedded);
        page.setVerifyDurations(2000, 8000);
        QSignalSpy verified(&page, &AdvisePage::verified);
        QSignalSpy failed(&page, &AdvisePage::verifyFailed);
        page.verify();
        QVERIFY(page.verifying());
        QTest::qWait(200);  // the event loop keeps running while the cluster works
        QVERIFY(verified.wait(120000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!page.verifying());
        const QString text = page.verifyText();
        QVERIFY2(text.contains("down broker=leader at=3s for=3s"), qPrintable(text));
        QVERIFY2(text.contains("loss:"), qPrintable(text));
        // Any loss is tolerated; the verdict follows the latency line.
        const bool latencyHeld = text.contains("(bound 1000 ms): held");
        QCOMPARE(verified.at(0).at(0).toBool(), latencyHeld);
        QCOMPARE(text.contains("requirement HELD"), latencyHeld);
    }
};

QTEST_MAIN(AdvisePageTest)
#include "AdvisePageTest.moc"
