// Monitor mode in the window, on the embedded cluster: it starts off the UI thread, fills its 1 min / 5 min /
// 1 h table and its per-second plot from the running monitor, shows a broker outage fired from its fault field
// as lost produce availability, serves the same numbers to Prometheus, and stops with a final summary whose
// counts the endpoint still serves. Bad input (an address, a fault) is refused with a message.
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "CentralTabs.h"
#include "cluster/ClusterPanel.h"
#include "monitor/MonitorPanel.h"
#include "cluster/LiveClusterView.h"
#include "log/EventLogModel.h"
#include "monitor/MonitorPlot.h"
#include "profile/ProfileForm.h"

#include <httplib.h>

#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTreeView>
#include <QTest>

#include <cmath>

using namespace acklab;
using namespace acklab::ui;

namespace {

QString cell(const MonitorPanel& m, int row, int column) { return m.windowsTable()->item(row, column)->text(); }

// The value of the first sample of `name` in Prometheus text ("name{labels} value"), or -1.
double metric(const std::string& text, const std::string& name) {
    const auto at = text.find("\n" + name + "{");
    if (at == std::string::npos) return -1;
    const auto close = text.find("} ", at);
    return close == std::string::npos ? -1 : std::stod(text.substr(close + 2));
}

std::string scrape(const QString& url) {
    const QUrl u(url);
    httplib::Client client(u.host().toStdString(), u.port());
    auto res = client.Get(u.path().toStdString());
    return res && res->status == 200 ? "\n" + res->body : std::string();
}

}  // namespace

class MonitorPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void monitorsTheEmbeddedClusterThroughAnOutage() {
        ClusterPanel cluster;
        cluster.setEmbeddedBrokers(3);
        ProfileForm profile;
        MonitorPanel monitor(&cluster, [&profile] { return profile.profile(); });
        monitor.resize(1200, 700);
        QVERIFY(test::showExposed(monitor));
        monitor.setRate(200);
        monitor.setTopic("monitor-ui-test");
        monitor.setMetricsAddress("127.0.0.1:0");
        QString error;
        QVERIFY2(monitor.start(&error), qPrintable(error));
        QCOMPARE(monitor.state(), MonitorPanel::State::Starting);  // built on the worker, not here
        QVERIFY(!monitor.start(&error));  // one at a time
        QVERIFY(error.contains("already running"));

        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), MonitorPanel::State::Running, 20000);
        QVERIFY(monitor.metricsUrl().startsWith("http://127.0.0.1:"));
        // A few seconds of steady traffic: every window full availability, latencies shown, the plot growing.
        QTRY_VERIFY_WITH_TIMEOUT(monitor.lastSnapshot().e2e.totals.seen >= 400, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.plot()->pointCount() >= 2, 10000);
        QCOMPARE(cell(monitor, 0, 1), QString("100 %"));
        QVERIFY2(cell(monitor, 0, 4).contains(" / "), qPrintable(cell(monitor, 0, 4)));
        QVERIFY(monitor.statusText().contains("Monitoring"));
        QVERIFY(monitor.statusText().contains("monitor-ui-test"));

        // The endpoint serves what the panel shows (counters only grow: the scrape comes after the snapshot).
        const uint64_t sentShown = monitor.lastSnapshot().counters.sent;
        const std::string live = scrape(monitor.metricsUrl());
        QVERIFY2(!live.empty(), "no answer from the metrics endpoint");
        QVERIFY(metric(live, "acklab_produce_sent_total") >= static_cast<double>(sentShown));

        // A broker down for 4 s: a third of the partitions wait for it, the last minute's availability drops.
        QSignalSpy messages(&monitor, &MonitorPanel::message);
        monitor.fireFault("down broker=leader for=4s");
        QTRY_VERIFY_WITH_TIMEOUT(cell(monitor, 0, 1) != "100 %", 10000);
        auto told = [&messages](const QString& start, const QString& end) {
            return std::any_of(messages.begin(), messages.end(), [&](const QList<QVariant>& m) {
                const QString text = m.at(1).toString();
                return text.startsWith(start) && text.contains(end);
            });
        };
        // ... and comes back by itself, the node it took down brought up again.
        QTRY_VERIFY_WITH_TIMEOUT(told("(end of) down broker=leader for=4s: broker ", " is up"), 15000);
        // The plot shades the outage from when it was fired to when it was undone, on the monitor's time line.
        {
            const auto& spans = monitor.plot()->faultSpans();
            QCOMPARE(spans.size(), size_t{1});
            const FaultSpan& down = spans.front();
            QCOMPARE(down.label, QString("leader down"));
            QVERIFY(!down.point);
            QVERIFY2(down.startSec > 1.0 && down.startSec * 1000 <= static_cast<double>(monitor.lastSnapshot().uptimeMs),
                     qPrintable(QString::number(down.startSec)));
            // In whole milliseconds, as the scheduler counts: 7.004 - 3.004 is 3.9999999999999996 in doubles.
            const auto lastedMs = std::lround((down.endSec - down.startSec) * 1000.0);
            QVERIFY2(lastedMs >= 4000 && lastedMs < 6000,
                     qPrintable(QString("%1 .. %2").arg(down.startSec).arg(down.endSec)));
        }

        // Bad input: named, nothing fired.
        messages.clear();
        monitor.fireFault("down broker=x");
        QCOMPARE(messages.count(), 1);
        QCOMPARE(messages.at(0).at(0).toString(), QString("error"));
        QVERIFY(messages.at(0).at(1).toString().contains("broker"));

        // A fault still in force when the monitor stops is undone then: the cluster is left as it was found.
        monitor.fireFault("rtt broker=2 ms=100 for=10min");
        QTRY_VERIFY_WITH_TIMEOUT(told("rtt broker=2 ms=100 for=10min: ", "+100 ms"), 10000);
        monitor.stop();
        QCOMPARE(monitor.state(), MonitorPanel::State::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), MonitorPanel::State::Idle, 30000);
        const auto& last = monitor.lastSnapshot();
        QCOMPARE(QString::fromStdString(last.state), QString("stopped"));
        QTRY_VERIFY_WITH_TIMEOUT(told("(end of) rtt broker=2 ms=100 for=10min: ", "+0 ms"), 5000);
        QVERIFY(last.counters.sent > sentShown);
        // acks=all on the embedded cluster, a broker down and up: nothing acknowledged went missing.
        QCOMPARE(last.e2e.totals.lost, uint64_t{0});
        const std::string final = scrape(monitor.metricsUrl());
        QCOMPARE(metric(final, "acklab_produce_sent_total"), static_cast<double>(last.counters.sent));
        monitor.shutdown();
        QVERIFY(monitor.metricsUrl().isEmpty());
    }

    void refusesBadInputWithAMessage() {
        ClusterPanel cluster;
        ProfileForm profile;
        MonitorPanel monitor(&cluster, [&profile] { return profile.profile(); });
        monitor.setMetricsAddress("localhost");
        QString error;
        QVERIFY(!monitor.start(&error));
        QVERIFY2(error.contains("HOST:PORT"), qPrintable(error));
        QCOMPARE(monitor.state(), MonitorPanel::State::Idle);
        monitor.setMetricsAddress("");
        monitor.setTopic("  ");
        QVERIFY(!monitor.start(&error));
        QVERIFY2(error.contains("Topic"), qPrintable(error));
        cluster.setKind("local");
        monitor.setTopic("t");
        if (!cluster.sharedCluster()) {  // Local Kafka chosen but not running here
            QVERIFY(!monitor.start(&error));
            QVERIFY2(error.contains("Local Kafka is not running"), qPrintable(error));
        }
    }

    // A second in which nothing was acknowledged has no latency (a gap, not 0 ms); the legend sits above the plot,
    // never over the lines; a 30 s stall and a 10 ms second share the log-scale latency axis.
    void plotShowsGapsAndKeepsTheLegendOffTheData() {
        MonitorPlot plot;
        plot.resize(800, 300);
        MonitorSecond healthy, stalled, back;
        healthy.tS = 1;
        healthy.delivered = healthy.seen = 10;
        healthy.deliveryP99Ms = 10;
        healthy.e2eP99Ms = 40;
        stalled.tS = 2;
        stalled.produceAvailability = stalled.e2eAvailability = 0;
        back.tS = 3;
        back.delivered = back.seen = 10;
        back.deliveryP99Ms = back.e2eP99Ms = 30000;
        plot.addSeconds({healthy, stalled, back});
        plot.refresh();
        QCOMPARE(plot.graphCount(), 4);
        QCPGraph* delivery = plot.graph(2);
        QCOMPARE(delivery->name(), QString("delivery p99"));
        QCOMPARE(delivery->data()->size(), 3);
        QCOMPARE(delivery->data()->at(0)->value, 10.0);
        QVERIFY2(std::isnan(delivery->data()->at(1)->value), "a second without acknowledgements drew a 0 ms latency");
        QVERIFY(std::isnan(plot.graph(3)->data()->at(1)->value));
        QCOMPARE(plot.graph(0)->data()->at(1)->value, 0.0);  // availability itself is 0 then, and drawn
        QCOMPARE(plot.yAxis2->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis2->range().lower <= 10.0 && plot.yAxis2->range().upper >= 30000.0);
        QVERIFY2(plot.legend->layout() == plot.plotLayout(), "the legend is inside the axis rect, over the data");
    }

    void isAPageOfTheWindow() {
        MainWindow w;
        auto* tabs = w.centralTabs();
        QCOMPARE(tabs->tabText(1), QString("Monitor"));
        tabs->showPage("Monitor");
        QCOMPARE(tabs->currentPage(), static_cast<QWidget*>(tabs->monitor()));
    }

    // The live cluster view shows the monitored cluster while the Monitor page is in front, with the monitor's own
    // faults; the runs' cluster (what the runs' producers are told about) keeps its own, untouched.
    void liveViewKeepsTheMonitorsClusterApartFromTheRuns() {
        MainWindow w;
        auto* tabs = w.centralTabs();
        LiveClusterView* live = w.liveCluster();
        MonitorPanel* monitor = tabs->monitor();
        tabs->showPage("Monitor");
        monitor->setRate(50);
        monitor->setTopic("monitor-live-view");
        QString error;
        QVERIFY2(monitor->start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(monitor->state(), MonitorPanel::State::Running, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(live->showsMonitor(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!live->monitorModel()->view().brokers.empty(), 5000);
        QCOMPARE(live->tree()->model(), static_cast<QAbstractItemModel*>(live->monitorModel()));
        QCOMPARE(live->faultKind(), QString("embedded"));  // its menus fire at the monitored cluster
        const QModelIndex brokers = live->monitorModel()->index(ClusterViewModel::Brokers, 0);
        QTRY_VERIFY_WITH_TIMEOUT(live->tree()->isExpanded(brokers), 2000);  // the brokers are listed, not folded away
        auto faultsOf = [](ClusterViewModel* m) { return m->rowCount(m->index(ClusterViewModel::Faults, 0)); };
        monitor->fireFault("rtt broker=1 ms=20 for=1s");
        QTRY_COMPARE_WITH_TIMEOUT(faultsOf(live->monitorModel()), 2, 10000);  // the fault and its undo
        QCOMPARE(faultsOf(live->model()), 0);
        // The event log tells the fault at the time it was fired, the time the live view's fault list shows.
        const QModelIndex firstFault = live->monitorModel()->index(0, 0, live->monitorModel()->index(ClusterViewModel::Faults, 0));
        const QString shownAt = firstFault.data().toString();  // "12.3 s"
        bool logged = false;
        for (int row = 0; row < w.eventLog()->rowCount(); ++row) {
            const auto& e = w.eventLog()->entry(row);
            if (!e.message.startsWith("rtt broker=1 ms=20 for=1s:")) continue;
            logged = true;
            QCOMPARE(QString("%1 s").arg(e.tSec, 0, 'f', 1), shownAt);
        }
        QVERIFY2(logged, "the fault is not in the event log");
        QCOMPARE(live->monitorModel()->topic(), QString("monitor-live-view"));

        tabs->showPage("Runs");
        QVERIFY(!live->showsMonitor());
        QCOMPARE(live->tree()->model(), static_cast<QAbstractItemModel*>(live->model()));
        tabs->showPage("Monitor");
        QVERIFY(live->showsMonitor());
        monitor->stop();
        QTRY_COMPARE_WITH_TIMEOUT(monitor->state(), MonitorPanel::State::Idle, 30000);
        QVERIFY2(!live->showsMonitor(), "a stopped monitor's cluster is not live any more");
        monitor->shutdown();
    }
};

QTEST_MAIN(MonitorPanelTest)
#include "MonitorPanelTest.moc"
