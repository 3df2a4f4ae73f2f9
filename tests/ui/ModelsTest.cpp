// Models insert in batches with correct ranges (QAbstractItemModelTester), the command line parses, settings
// round-trip through the one typed settings class.
#include "AppSettings.h"
#include "LaunchOptions.h"
#include "compare/CompareTableModel.h"
#include "log/EventLogModel.h"
#include "profile/Presets.h"

#include <QAbstractItemModelTester>
#include <QStandardPaths>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

class ModelsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void eventLogBatchesAndCap() {
        EventLogModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setCap(5);
        // Each event distinguishable (its count), so the cap is seen to drop the oldest rows, not any rows.
        auto event = [](int n) {
            RunEvent e;
            e.name = "NOT_ENOUGH_REPLICAS";
            e.errorClass = "transient";
            e.count = static_cast<uint64_t>(n);
            e.message = std::to_string(n) + " x NOT_ENOUGH_REPLICAS";
            e.remedy = "wait";
            return e;
        };
        m.appendRunEvents("critical", {event(1), event(2), event(3)});
        QCOMPARE(m.rowCount(), 3);
        m.appendRunEvents("critical", {event(4), event(5), event(6), event(7)});
        QCOMPARE(m.rowCount(), 5);
        for (int r = 0; r < 5; ++r)  // 1 and 2, the oldest, went; 3..7 stay in order
            QCOMPARE(m.entry(r).message, QString("%1 x NOT_ENOUGH_REPLICAS").arg(r + 3));
        QCOMPARE(m.index(0, EventLogModel::Code).data().toString(), QString("NOT_ENOUGH_REPLICAS"));
        QVERIFY(m.index(0, EventLogModel::Class).data(Qt::BackgroundRole).isValid());
        QCOMPARE(m.find("NOT_ENOUGH"), 0);
        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    void compareModel() {
        CompareTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.reset({*findPreset("critical"), *findPreset("metrics")}, false);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.index(1, CompareTableModel::Acks).data().toString(), QString("0"));
        QCOMPARE(m.index(0, CompareTableModel::Lost).data().toString(), QString("—"));
    }

    void launchOptions() {
        QString err;
        auto o = LaunchOptions::parse({"--compare", "critical,analytics,metrics", "--messages", "1000", "--fault",
                                       "rtt broker=1 ms=50 at=1s", "--fault", "down broker=2 at=2s for=1s",
                                       "--quit-after", "3", "--screenshot", "/tmp/x.png"},
                                      &err);
        QVERIFY2(o.has_value(), qPrintable(err));
        QCOMPARE(o->compare.size(), 3);
        QCOMPARE(*o->messages, 1000);
        QCOMPARE(o->faults.size(), 2);
        QCOMPARE(*o->quitAfterSeconds, 3.0);
        QVERIFY(!LaunchOptions::parse({"--fault", "down broker=x"}, &err));
        QVERIFY(err.contains("broker"));
        QVERIFY(!LaunchOptions::parse({"--messages", "lots"}, &err));
        QVERIFY(err.contains("--messages"));
    }

    void settingsRoundTrip() {
        {
            AppSettings s;
            s.setEmbeddedBrokers(5);
            s.setClusterKind("external");
            s.setLastProfileJson("{\"name\":\"x\"}");
            s.sync();
        }
        AppSettings s;
        QCOMPARE(s.embeddedBrokers(), 5);
        QCOMPARE(s.clusterKind(), QString("external"));
        QCOMPARE(s.lastProfileJson(), QString("{\"name\":\"x\"}"));
        s.setClusterKind("nonsense");
        QCOMPARE(s.clusterKind(), QString("embedded"));
        s.setEmbeddedBrokers(3);
        s.setClusterKind("embedded");
        s.setLastProfileJson({});
    }

    // The last profile is kept without its secrets; what cannot be read back is named, not half restored.
    void settingsKeepTheProfileWithoutSecretsAndNameWhatIsBroken() {
        AppSettings s;
        QVERIFY(!s.lastProfile());
        ProducerProfile p("mine", {});
        p.set("acks", "all");
        p.set("sasl.password", "s3cret");
        s.saveLastProfile(p);
        QVERIFY(!s.lastProfileJson().contains("s3cret"));
        const auto back = s.lastProfile();
        QVERIFY(back);
        QCOMPARE(back->name(), std::string("mine"));
        QCOMPARE(back->get("acks").value_or(""), std::string("all"));
        QVERIFY(!back->get("sasl.password"));

        TrafficSpec t;
        t.messages = 1234;
        s.saveTraffic(t);
        QCOMPARE(s.traffic()->messages, t.messages);
        s.setTrafficJson("{\"messages\": 2.5}");
        QVERIFY_THROWS_EXCEPTION(std::exception, s.traffic());
        s.setLastProfileJson("{not json");
        QVERIFY_THROWS_EXCEPTION(std::exception, s.lastProfile());
        s.setLastProfileJson({});
        s.setTrafficJson({});
    }
};

QTEST_MAIN(ModelsTest)
#include "ModelsTest.moc"
