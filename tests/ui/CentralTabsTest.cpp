// The window's centre pages wired to the Setup dock: Diagnose checks what a run would use (the traffic's topic and
// record size, the Profile tab's profile, the chosen cluster) and reports into the event log; Advise's
// recommendation goes into the Profile tab with one click; the Profile tab's Export menu opens the code export.
#include "CentralTabs.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "advise/AdvisePage.h"
#include "diagnose/DiagnosePage.h"
#include "log/EventLogModel.h"
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
};

QTEST_MAIN(CentralTabsTest)
#include "CentralTabsTest.moc"
