// The window's live story: the cluster view model (broker states and since when, ISR shrink, faults), the
// faults its context menu offers, the now panel's sentences from statistics recorded during an outage, the
// plots' time and value axes, fault spans, and a late audit of an older run after a restart.
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "cluster/ClusterPanel.h"
#include "cluster/LiveClusterView.h"
#include "metrics/ProducerNow.h"
#include "metrics/StatsParser.h"
#include "now/NowPanel.h"
#include "compare/CompareTableModel.h"
#include "plots/DistributionPlot.h"
#include "plots/E2ePlot.h"
#include "plots/FaultSpans.h"
#include "plots/LatencyPlot.h"
#include "plots/PlotPanel.h"
#include "plots/ThroughputPlot.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

namespace {

ClusterView localView(int isrOfP0) {
    ClusterView v;
    v.kind = "local";
    for (int b = 1; b <= 3; ++b) v.brokers.push_back({b, "127.0.0.1:1909" + std::to_string(b), "running", -1, {}});
    for (int p = 0; p < 3; ++p) {
        PartitionInfo pi;
        pi.partition = p;
        pi.leader = 1 + p;
        pi.replicas = {1, 2, 3};
        pi.isr = p == 0 ? std::vector<int32_t>(pi.replicas.begin(), pi.replicas.begin() + isrOfP0) : pi.replicas;
        v.partitions.push_back(pi);
    }
    return v;
}

QModelIndex childOf(const QAbstractItemModel& m, int group, int row, int column = 0) {
    return m.index(row, column, m.index(group, 0));
}

FiredFault fired(int64_t atMs, const std::string& spec, bool ok = true) {
    FiredFault f;
    f.atMs = atMs;
    f.spec = spec;
    f.ok = ok;
    f.result = ok ? "done" : "refused";
    return f;
}

TimelinePoint point(int64_t tMs, double p99) {
    TimelinePoint p;
    p.tMs = tMs;
    p.delivered = 40;
    p.sent = 40;
    p.p50Ms = p99 / 2;
    p.p99Ms = p99;
    p.maxMs = p99;
    p.schedP50Ms = p99 / 2;
    p.schedP99Ms = p99;
    p.schedMaxMs = p99;
    return p;
}

QByteArray readData(const char* name) {
    QFile f(QString(ACKLAB_TEST_DATA_DIR) + "/" + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class LiveStoryTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void clusterModelShowsStatesSinceWhenAndIsrShrink() {
        ClusterViewModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setTopic("orders");
        m.setView(localView(3), 0.0);
        QCOMPARE(m.rowCount(), int(ClusterViewModel::GroupCount));
        QCOMPARE(m.rowCount(m.index(ClusterViewModel::Brokers, 0)), 3);
        QCOMPARE(childOf(m, ClusterViewModel::Brokers, 1, ClusterViewModel::State).data().toString(), QString("UP"));
        QCOMPARE(m.underReplicatedPartitions(), 0);

        // Node 2 killed at 3.5 s: dead in the process table, "killed" because the kill was AckLab's.
        m.addFault(fired(3500, "kill broker=2"));
        ClusterView v = localView(2);
        v.brokers[1].state = "dead";
        m.setView(v, 3.6);
        QCOMPARE(m.brokerState(2), QString("killed"));
        QCOMPARE(childOf(m, ClusterViewModel::Brokers, 1, ClusterViewModel::State).data().toString(), QString("KILLED"));
        // Since the kill, not since the poll that saw it.
        QVERIFY(childOf(m, ClusterViewModel::Brokers, 1, ClusterViewModel::Detail).data().toString().contains("since 3.5 s"));
        QVERIFY(childOf(m, ClusterViewModel::Brokers, 1).data(ClusterViewModel::ProblemRole).toBool());
        // The ISR shrink is flagged on its cell and counted.
        QCOMPARE(m.underReplicatedPartitions(), 1);
        const QModelIndex isr = childOf(m, ClusterViewModel::Partitions, 0, ClusterViewModel::Isr);
        QCOMPARE(isr.data().toString(), QString("1,2"));
        QVERIFY(isr.data(Qt::BackgroundRole).isValid());
        QVERIFY(childOf(m, ClusterViewModel::Partitions, 0, ClusterViewModel::Detail).data().toString().contains("ISR shrunk to 2 of 3"));
        QVERIFY(!childOf(m, ClusterViewModel::Partitions, 1, ClusterViewModel::Isr).data(Qt::BackgroundRole).isValid());
        // The fault is listed with its time.
        QCOMPARE(m.rowCount(m.index(ClusterViewModel::Faults, 0)), 1);
        QCOMPARE(childOf(m, ClusterViewModel::Faults, 0).data().toString(), QString("3.5 s"));
        // A node that is merely down (not killed by AckLab) reads "down"; the same state again keeps its since.
        ClusterViewModel plain;
        plain.setView(localView(3), 0);
        ClusterView down = localView(3);
        down.brokers[2].state = "dead";
        plain.setView(down, 7.0);
        plain.setView(down, 9.0);
        QCOMPARE(plain.brokerState(3), QString("down"));
        QCOMPARE(plain.brokerStateSince(3), 7.0);
        // An embedded broker taken down at the leader: the result names it, and its state dates from the fault. A
        // fault that changes nothing (already down) does not date a change seen much later.
        ClusterViewModel emb;
        emb.setView(localView(3), 0);
        emb.addFault(FiredFault{12'800, "down broker=leader", true, "broker 1 is down (connections closed, reconnects refused)"});
        ClusterView b1down = localView(3);
        b1down.brokers[0].state = "down";
        emb.setView(b1down, 13.0);
        QCOMPARE(emb.brokerStateSince(1), 12.8);
        emb.addFault(fired(14'000, "down broker=1"));
        emb.setView(b1down, 14.2);
        emb.setView(localView(3), 20.0);
        QCOMPARE(emb.brokerStateSince(1), 20.0);
    }

    void contextMenuOffersTheClustersFaults() {
        LiveClusterView view;
        ClusterView v;
        v.kind = "embedded";
        for (int b = 1; b <= 3; ++b) v.brokers.push_back({b, "embedded broker", "up", 5, {}});
        PartitionInfo p;
        p.partition = 0;
        p.leader = 1;
        p.replicas = {1};
        p.isr = {1};
        v.partitions.push_back(p);
        view.setView(v);
        const QModelIndex broker2 = childOf(*view.model(), ClusterViewModel::Brokers, 1);
        QVERIFY2(view.faultActions(broker2).isEmpty(), "no run: nothing to fire");
        view.setFaultKind("embedded");
        QStringList specs;
        for (const auto& a : view.faultActions(broker2)) specs << a.second;
        QVERIFY(specs.contains("down broker=2"));
        QVERIFY(specs.contains("rtt broker=2 ms=50"));
        QVERIFY(specs.contains("error code=NOT_ENOUGH_REPLICAS count=5 broker=2"));
        for (const auto& s : specs) QVERIFY2(!s.startsWith("kill"), qPrintable(s));
        QStringList leaderMoves;
        for (const auto& a : view.faultActions(childOf(*view.model(), ClusterViewModel::Partitions, 0))) leaderMoves << a.second;
        QCOMPARE(leaderMoves, QStringList({"leader partition=0 broker=1", "leader partition=0 broker=2", "leader partition=0 broker=3"}));
        view.setFaultKind("local");
        specs.clear();
        for (const auto& a : view.faultActions(broker2)) specs << a.second;
        QCOMPARE(specs, QStringList({"kill broker=2", "stop broker=2", "cont broker=2", "restart broker=2"}));
        // Every offered spec is one the fault parser takes.
        view.setFaultKind("embedded");
        for (const auto& a : view.faultActions(broker2)) FaultSpec::parse(a.second.toStdString());
    }

    void nowPanelTellsWhoWaitsFromRecordedStatistics() {
        NowInput in;
        in.profile = "critical";
        in.topic = "acklab-test";
        in.properties = {{"delivery.timeout.ms", "120000"}, {"reconnect.backoff.max.ms", "10000"}, {"acks", "all"}};
        in.snapshot.state = "running";
        in.snapshot.elapsedMs = 4000;
        in.snapshot.counters.sent = 1000;
        in.snapshot.counters.delivered = 802;
        in.snapshot.oldestInFlightSentMs = 1000;
        in.snapshot.stats = parseStatistics(readData("stats-broker-down.json").toStdString());
        QVERIFY(in.snapshot.stats.valid);
        in.snapshot.stats.receivedAtMs = 4000;
        in.clusterBrokers = {{1, "b1", "down", 5, {}}, {2, "b2", "up", 5, {}}, {3, "b3", "up", 5, {}}};
        in.clusterStateSinceMs = {{1, 1000}};
        in.msSinceLastDelivery = 3000;
        NowPanel panel;
        panel.setProfiles({"critical", "analytics"});
        QCOMPARE(panel.cardCount(), 2);
        panel.setReport(0, explainNow(in));
        QCOMPARE(panel.headline(0), QString("critical: 198 waiting; broker 1 DOWN since 1.0 s; librdkafka reconnects with "
                                            "backoff up to reconnect.backoff.max.ms = 10.0 s; first timeout in 1 min 57 s"));
        QVERIFY(panel.brokers(0).contains("b1 TRY_CONNECT"));
        QVERIFY(panel.details(0).contains("wait for broker 1, their leader (the cluster says: down)"));
        QVERIFY(panel.headline(1).contains("waiting for the first snapshot"));
    }

    void timeAxisFitsThenScrollsAndZoomStopsFollowing() {
        LatencyPlot plot;
        plot.resize(600, 300);
        QVERIFY(test::showExposed(plot));
        plot.reset({"run"});
        plot.setIntervalSeconds(0.04);
        plot.addPoints(0, {point(0, 5), point(40, 5), point(80, 6)});
        plot.followTime(0.1);
        plot.refresh();
        QVERIFY2(plot.xAxis->range().upper < 0.5, "a 0.1 s run is drawn on an axis of its own size, not 0-10 s");
        QCOMPARE(plot.xAxis->range().lower, 0.0);
        std::vector<TimelinePoint> many;
        for (int64_t t = 120; t < 300'000; t += 40) many.push_back(point(t, 5));
        plot.addPoints(0, many);
        plot.followTime(300.0);
        plot.refresh();
        QCOMPARE(plot.xAxis->range().lower, 300.0 - plot.windowSeconds());
        QVERIFY(plot.xAxis->range().upper >= 300.0);
        QVERIFY2(plot.binIntervals() > 1, "120 s of 40 ms intervals on 600 px are drawn binned");
        QSignalSpy following(&plot, &RunPlot::followingChanged);
        plot.setTimeRange(10, 12);  // as a zoom does
        QVERIFY(!plot.following());
        plot.followTime(301.0);
        QCOMPARE(plot.xAxis->range().lower, 10.0);  // not moved away from what the user looks at
        plot.refresh();
        QCOMPARE(plot.binIntervals(), 1);  // zoomed in: every interval
        plot.setFollowing(true);
        QVERIFY(plot.xAxis->range().upper >= 301.0);
        QCOMPARE(following.count(), 2);
    }

    void spikesAreClippedAndMarkedNotHidden() {
        ThroughputPlot plot;
        plot.resize(1100, 300);  // wide enough to draw every 40 ms interval of 8 s
        QVERIFY(test::showExposed(plot));
        plot.reset({"run"}, 40);
        std::vector<TimelinePoint> pts;
        for (int i = 0; i < 200; ++i) {
            TimelinePoint p;
            p.tMs = i * 40;
            p.sent = p.delivered = (i == 150) ? 18'000 : 40;  // one burst of 450k msgs/s among 1,000 msgs/s
            pts.push_back(p);
        }
        plot.addPoints(0, pts);
        plot.followTime(8.0);
        plot.setYScale(RunPlot::YScale::Clip);
        plot.replot(QCustomPlot::rpImmediateRefresh);  // lays the plot out, as the live replots do
        plot.markDirty();
        plot.refresh();
        QVERIFY2(plot.yAxis->range().upper < 5000, "the steady 1,000 msgs/s stays readable");
        QCOMPARE(plot.binIntervals(), 1);
        QVERIFY(plot.clippedPoints() >= 1);
        QVERIFY2(plot.tooltipAt(150 * 0.04).contains("4.5e+05"), "hover gives the true value");
        plot.setYScale(RunPlot::YScale::Fit);
        plot.markDirty();
        plot.refresh();
        QVERIFY(plot.yAxis->range().upper >= 450'000);
        QCOMPARE(plot.clippedPoints(), 0);
        plot.setYScale(RunPlot::YScale::Log);
        plot.markDirty();
        plot.refresh();
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis->range().upper >= 450'000);
    }

    void faultsBecomeSpansWithLabelsThatDoNotOverlap() {
        FaultSpans spans;
        spans.add(fired(1000, "down broker=1 at=1s for=3s"));
        spans.add(fired(1500, "error code=NOT_ENOUGH_REPLICAS count=5 at=1.5s"));
        spans.add(fired(4000, "(end of) down broker=1 at=1s for=3s"));
        spans.add(fired(5000, "down broker=2"));
        spans.add(fired(7000, "up broker=2"));
        spans.add(fired(8000, "down broker=3"));
        spans.add(fired(8500, "kill broker=1", false));
        const auto& s = spans.spans();
        QCOMPARE(s.size(), size_t(5));
        QCOMPARE(s[0].label, QString("b1 down"));
        QCOMPARE(s[0].startSec, 1.0);
        QCOMPARE(s[0].endSec, 4.0);
        QVERIFY(s[1].point);
        QCOMPARE(s[1].label, QString("NOT_ENOUGH_REPLICAS ×5"));
        QCOMPARE(s[2].endSec, 7.0);
        QCOMPARE(s[3].endSec, -1.0);  // still going
        QVERIFY(s[4].label.endsWith("(failed)"));
        // A new run starts from nothing: the span still open ("down broker=3") is forgotten with the rest, and the
        // next run's "up broker=3" is a marker of its own (it once ended a span that was gone: out of bounds).
        spans.clear();
        spans.add(fired(500, "up broker=3"));
        QCOMPARE(spans.spans().size(), size_t(1));
        QVERIFY(spans.spans()[0].point);
        QCOMPARE(spans.spans()[0].label, QString("b3 up"));

        LatencyPlot plot;
        plot.resize(500, 300);
        QVERIFY(test::showExposed(plot));
        plot.reset({"run"});
        plot.addPoints(0, {point(0, 5), point(10'000, 5)});
        plot.followTime(10.0);
        plot.addFault(fired(2000, "down broker=1"));
        plot.addFault(fired(2010, "down broker=2"));  // 10 ms later: its label would overlap
        plot.addFault(fired(6000, "up broker=1"));  // ends the first span
        plot.addFault(fired(8000, "error code=REQUEST_TIMED_OUT count=3"));
        plot.replot(QCustomPlot::rpImmediateRefresh);
        plot.markDirty();
        plot.refresh();
        QCOMPARE(plot.faultMarkerCount(), 3);
        QCOMPARE(plot.faultSpans()[0].endSec, 6.0);
        QCOMPARE(plot.visibleFaultLabels(), 2);
        QVERIFY2(plot.tooltipAt(2.0).contains("down broker=2"), "the hidden label's details are on hover");
    }

    void aLateAuditOfAnOlderRunDoesNotReachTheNewOne() {
        RunController c;
        QSignalSpy started(&c, &RunController::started);
        QSignalSpy finished(&c, &RunController::finished);
        QSignalSpy audited(&c, &RunController::auditFinished);
        RunSpec a;
        a.profiles.push_back(ProducerProfile("a", {{"acks", "1"}}));
        a.traffic.messages = 300;
        a.audit = true;
        QString error;
        QVERIFY2(c.start(a, nullptr, &error), qPrintable(error));
        QVERIFY(finished.wait(30000));
        // Start again at once, while the first run's audit reads its topic back.
        RunSpec b = a;
        b.profiles[0].setName("b");
        b.traffic.messages = 0;
        b.traffic.durationMs = 60'000;
        b.traffic.rate = 200;
        QVERIFY2(c.start(b, nullptr, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 2, 20000);
        c.waitForBackgroundWork();  // the first run's audit has ended and posted its result
        QCoreApplication::processEvents();
        QCOMPARE(audited.count(), 0);
        QVERIFY(c.running());
        c.stop();
        QTRY_COMPARE_WITH_TIMEOUT(audited.count(), 1, 60000);
        QCOMPARE(c.records().size(), size_t(1));
        QCOMPARE(c.records()[0].result.profileName, std::string("b"));
        QVERIFY(c.records()[0].audit.has_value());
        QVERIFY(c.records()[0].audit->ok);
        QCOMPARE(c.records()[0].audit->checked, c.records()[0].result.counters.sent);
    }

    void endToEndCountsFillTheWindowWhileTheRunGoes() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        TrafficSpec t = w.trafficPanel()->spec();
        t.messages = 3000;
        t.durationMs = 0;
        t.rate = 1000;
        w.trafficPanel()->setSpec(t);
        w.trafficPanel()->setE2e(true);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startCompare({"critical", "metrics"}));
        // Live, before the run ends: the consumer's first sightings reach the plot, the table and the cards.
        QTRY_VERIFY_WITH_TIMEOUT(w.plots()->e2e()->dataCount() > 0, 20000);
        QVERIFY(w.plots()->e2e()->isVisible());
        QVERIFY(!w.plots()->distribution()->isVisible());
        QVERIFY(w.controller()->running());
        QTRY_VERIFY_WITH_TIMEOUT(w.nowPanel()->e2eLine(0).contains("end to end: seen"), 10000);
        const QModelIndex lostLive = w.compareModel()->index(0, CompareTableModel::LiveLost);
        QTRY_COMPARE_WITH_TIMEOUT(lostLive.data().toString(), QString("0"), 10000);
        QVERIFY(finished.wait(60000));
        QVERIFY2(w.compareNote().isEmpty(), "acks=all beside acks=0 differs on the embedded cluster: no note");
        // Once the tracker has judged everything, it has seen every message of the embedded run, none lost.
        QTRY_VERIFY_WITH_TIMEOUT(w.nowPanel()->e2eLine(0).contains("seen 3,000"), 30000);
        QCOMPARE(w.compareModel()->index(1, CompareTableModel::LiveLost).data().toString(), QString("0"));
        QVERIFY(w.compareModel()->index(0, CompareTableModel::E2eP99).data().toString() != QString("—"));
    }

    void defaultsArePacedAndTheEmbeddedClusterHasARoundTrip() {
        MainWindow w;
        const TrafficSpec t = w.trafficPanel()->spec();
        QCOMPARE(t.rate, 1000.0);
        QCOMPARE(t.durationMs, int64_t(60'000));
        QVERIFY(w.clusterPanel()->choice().rttMs > 0);
        QVERIFY(w.clusterPanel()->describe().contains("round trip"));
    }
};

QTEST_MAIN(LiveStoryTest)
#include "LiveStoryTest.moc"
