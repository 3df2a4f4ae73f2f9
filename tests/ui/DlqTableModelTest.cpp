// The DLQ table model under QAbstractItemModelTester: batched inserts (one beginInsertRows per batch, last row
// first + n - 1), the row bound (oldest dropped in one beginRemoveRows), the filter proxy; and the inspector:
// live follow of a file and a topic, dialogs intercepted, dry run, confirmation, redrive, export.
#include "Dialogs.h"
#include "cluster/EmbeddedCluster.h"
#include "dlq/DlqFilterProxyModel.h"
#include "dlq/DlqInspector.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqTableModel.h"
#include "dlq/DlqWriter.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace acklab;
using namespace acklab::ui;

namespace {

std::vector<DlqRecord> makeBatch(int from, int n, const std::string& error = "TOPIC_AUTHORIZATION_FAILED") {
    std::vector<DlqRecord> v;
    for (int i = from; i < from + n; ++i) {
        DlqRecord r;
        r.format = DlqFormat::AckLab;
        r.originalTopic = i % 2 ? "orders" : "payments";
        r.originalPartition = i % 3;
        r.key = "key-" + std::to_string(i);
        r.value = "{\"n\":" + std::to_string(i) + "}";
        r.errorName = error;
        r.errorClass = "permanent";
        r.failedAtMs = 1764353045000 + i * 1000;
        r.source.offset = i;
        v.push_back(std::move(r));
    }
    return v;
}

}  // namespace

class DlqTableModelTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        Dialogs::setInterceptor([this](const Dialogs::Request& r) -> QString {
            requests.append(r.title + ": " + r.text);
            if (r.kind == Dialogs::Kind::Question) return answer;
            if (r.kind == Dialogs::Kind::SaveFile || r.kind == Dialogs::Kind::OpenFile) return path;
            return {};
        });
        requests.clear();
    }
    void cleanup() { Dialogs::setInterceptor({}); }

    void batchedInsertsOneSignalPerBatch() {
        DlqTableModel model(1000);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendBatch(makeBatch(0, 5));
        model.appendBatch(makeBatch(5, 1));
        model.appendBatch({});  // nothing: no signal
        model.appendBatch(makeBatch(6, 10));
        QCOMPARE(model.rowCount(), 16);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(inserted[0][1].toInt(), 0);
        QCOMPARE(inserted[0][2].toInt(), 4);  // first + n - 1
        QCOMPARE(inserted[1][1].toInt(), 5);
        QCOMPARE(inserted[1][2].toInt(), 5);
        QCOMPARE(inserted[2][1].toInt(), 6);
        QCOMPARE(inserted[2][2].toInt(), 15);
        QCOMPARE(model.data(model.index(0, DlqTableModel::Key)).toString(), QStringLiteral("key-0"));
        QCOMPARE(model.data(model.index(15, DlqTableModel::OriginalTopic)).toString(), QStringLiteral("orders"));
        QCOMPARE(model.countsByError().at("TOPIC_AUTHORIZATION_FAILED"), 16u);
    }

    void boundDropsOldestInOneRemove() {
        DlqTableModel model(8);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendBatch(makeBatch(0, 5, "A"));
        model.appendBatch(makeBatch(5, 5, "B"));
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed[0][1].toInt(), 0);
        QCOMPARE(removed[0][2].toInt(), 1);
        QCOMPARE(model.record(0).key, std::optional<std::string>("key-2"));
        QCOMPARE(model.countsByError().at("A"), 3u);
        QCOMPARE(model.countsByError().at("B"), 5u);
        QCOMPARE(model.dropped(), 2u);

        model.appendBatch(makeBatch(10, 20, "C"));  // a batch bigger than the bound: its newest 8 stay
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.record(0).key, std::optional<std::string>("key-22"));
        QCOMPARE(model.record(7).key, std::optional<std::string>("key-29"));
        QCOMPARE(model.countsByError().count("A"), 0u);
        QCOMPARE(model.countsByError().at("C"), 8u);
        QCOMPARE(inserted.last()[1].toInt(), 0);
        QCOMPARE(inserted.last()[2].toInt(), 7);

        model.setMaxRows(3);
        QCOMPARE(model.rowCount(), 3);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.countsByError().empty());
    }

    void proxyFiltersAndSorts() {
        DlqTableModel model(1000);
        DlqFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendBatch(makeBatch(0, 10, "A"));
        model.appendBatch(makeBatch(10, 4, "B"));
        QCOMPARE(proxy.rowCount(), 14);
        DlqFilter f;
        f.errorName = "b";
        proxy.setDlqFilter(f);
        QCOMPARE(proxy.rowCount(), 4);
        f = {};
        f.originalTopic = "orders";
        proxy.setDlqFilter(f);
        QCOMPARE(proxy.rowCount(), 7);
        f = {};
        f.text = "key-1";  // key-1, key-10..13
        proxy.setDlqFilter(f);
        QCOMPARE(proxy.rowCount(), 5);
        f = {};
        f.sinceMs = 1764353045000 + 12 * 1000;
        proxy.setDlqFilter(f);
        QCOMPARE(proxy.rowCount(), 2);
        model.appendBatch(makeBatch(14, 3, "B"));  // live rows pass through the filter as they come
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setDlqFilter({});
        proxy.sort(DlqTableModel::Time, Qt::DescendingOrder);
        QCOMPARE(proxy.data(proxy.index(0, DlqTableModel::Key)).toString(), QStringLiteral("key-16"));
    }

    void inspectorFollowsAFileLive() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("dlq.jsonl").toStdString();
        DlqWriterOptions wo;
        wo.topic = "";
        wo.fallbackPath = file;
        auto write = [&](int n, const std::string& error) {
            DlqWriter w(wo);
            for (int i = 0; i < n; ++i) {
                DlqEnvelope e;
                e.originalTopic = "orders";
                e.originalKey = "k" + std::to_string(i);
                e.originalValue = "{\"i\":" + std::to_string(i) + "}";
                e.errorName = error;
                e.failedAtMs = 1764353045000;
                w.write(e);
            }
        };
        write(3, "MSG_SIZE_TOO_LARGE");
        DlqInspector inspector;
        QAbstractItemModelTester tester(inspector.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        inspector.followFile(QString::fromStdString(file));
        QTRY_COMPARE_WITH_TIMEOUT(inspector.model()->rowCount(), 3, 10000);
        write(2, "TOPIC_AUTHORIZATION_FAILED");
        std::ofstream(file, std::ios::app) << "garbage\n";
        QTRY_COMPARE_WITH_TIMEOUT(inspector.model()->rowCount(), 6, 10000);
        QVERIFY(inspector.following());
        QCOMPARE(inspector.model()->countsByError().at("MSG_SIZE_TOO_LARGE"), 3u);
        QVERIFY(!inspector.model()->record(5).ok());

        // Detail pane: pretty JSON and headers of the selected record.
        inspector.table()->selectRow(inspector.proxy()->mapFromSource(inspector.model()->index(0, 0)).row());
        QVERIFY(inspector.detailText().contains("\"i\": 0"));
        QVERIFY(inspector.detailText().contains("headers"));

        // Export what is selected (one row) through the intercepted save dialog.
        path = dir.filePath("out.jsonl");
        QMetaObject::invokeMethod(&inspector, "exportJsonLines");
        auto back = DlqReader::readFile(path.toStdString());
        QCOMPARE(back.records.size(), 1u);
        inspector.table()->clearSelection();
        path = dir.filePath("out.csv");
        inspector.exportCsv();
        std::ifstream csv(path.toStdString());
        int lines = 0;
        for (std::string l; std::getline(csv, l);) ++lines;
        QCOMPARE(lines, 7);  // header + all 6 shown

        // Dry run (the default): the plan, nothing sent, no dialog needed.
        inspector.redrive();
        QVERIFY(inspector.detailText().contains("would send 5"));
        QVERIFY(inspector.detailText().contains("skipped 1"));
        inspector.stop();
        QVERIFY(!inspector.following());
    }

    void inspectorRedrivesWithConfirmation() {
        EmbeddedCluster c(3);
        c.prepareTopic("orders", 1);
        const QString bs = QString::fromStdString(c.bootstrapServers());
        QTemporaryDir dir;
        DlqWriterOptions wo;
        wo.bootstrap = c.bootstrapServers();
        wo.fallbackPath = dir.filePath("fallback.jsonl").toStdString();
        {
            DlqWriter w(wo);
            for (int i = 0; i < 4; ++i) {
                DlqEnvelope e;
                e.originalTopic = "orders";
                e.originalKey = "k" + std::to_string(i);
                e.originalValue = "v" + std::to_string(i);
                e.originalHeaders = {{"h", "x"}};
                e.errorName = "TOPIC_AUTHORIZATION_FAILED";
                e.failedAtMs = 1764353045000 + i;
                w.write(e);
            }
            w.close(10'000);
            QCOMPARE(w.toTopic(), 4u);
        }
        DlqInspector inspector;
        inspector.followTopic(bs);
        QTRY_COMPARE_WITH_TIMEOUT(inspector.model()->rowCount(), 4, 20000);
        inspector.findChild<QCheckBox*>()->setChecked(false);  // not a dry run

        answer = "no";  // the user says no: nothing is sent
        inspector.redrive();
        QVERIFY(!inspector.redriveRunning());
        QVERIFY(requests.last().contains("Send 4 record(s) to orders"));
        QVERIFY(inspector.statusText().contains("nothing sent"));

        answer = "yes";
        QSignalSpy finished(&inspector, &DlqInspector::redriveFinished);
        inspector.redrive();
        QVERIFY(finished.wait(30000) || finished.count() == 1);
        const auto summary = finished[0][0].value<RedriveSummary>();
        QCOMPARE(summary.redriven, 4u);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.redriveRunning(), 5000);
        QVERIFY(requests.last().startsWith("Redrive: redriven 4"));

        DlqReaderOptions ro;
        ro.bootstrap = c.bootstrapServers();
        ro.topic = "orders";
        auto landed = DlqReader::readTopic(ro);
        QCOMPARE(landed.records.size(), 4u);
        QCOMPARE(landed.records[0].rawHeaders, (DlqHeaders{{"h", "x"}}));
        inspector.stop();
    }

    void inspectorReadsWithTheClustersClientProperties() {
        // A secured cluster's DLQ is read with its security settings: a property librdkafka refuses shows up
        // by name, which proves the settings reached the reader (the embedded cluster itself needs none).
        EmbeddedCluster c(1);
        const QString bs = QString::fromStdString(c.bootstrapServers());
        DlqInspector inspector;
        inspector.followTopic(bs, "dead-letter-queue", {{"security.protocol", "not-a-protocol"}});
        QTRY_VERIFY_WITH_TIMEOUT(inspector.statusText().contains("security.protocol"), 10000);
        inspector.stop();

        // Following again from the inspector's own fields, on the same cluster, keeps those settings.
        QPushButton* follow = nullptr;
        for (auto* b : inspector.findChildren<QPushButton*>())
            if (b->text() == "Follow") follow = b;
        QVERIFY(follow);
        follow->click();
        QTRY_VERIFY_WITH_TIMEOUT(inspector.statusText().contains("security.protocol"), 10000);
        inspector.stop();

        // Followed without settings, the same cluster is read with none.
        inspector.followTopic(bs, "dead-letter-queue");
        QTRY_VERIFY_WITH_TIMEOUT(inspector.following() && !inspector.statusText().contains("security.protocol"), 10000);
        inspector.stop();
    }

private:
    QStringList requests;
    QString answer = "no";
    QString path;
};

QTEST_MAIN(DlqTableModelTest)
#include "DlqTableModelTest.moc"
