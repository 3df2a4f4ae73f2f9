// The Export as code dialog: the preview is the exporter's code for the chosen language and topics, bad input
// disables Save and Copy with the reason shown, Save writes the file the (intercepted) file dialog names, Copy
// puts the code on the clipboard.
#include "export/ExportDialog.h"
#include "UiTestSupport.h"

#include "profile/Presets.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace acklab;
using namespace acklab::ui;

class ExportDialogTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void previewIsTheExportersCodeForTheChosenLanguageAndTopics() {
        ExportDialog d(*findPreset("production"));
        QVERIFY(test::showExposed(d));
        auto* preview = d.findChild<QPlainTextEdit*>("exportPreview");
        QVERIFY(preview);
        // Monospace as the reader sees it: narrow and wide letters take the same width. (QFontInfo::fixedPitch()
        // is false for Noto Sans Mono, fontconfig's monospace here, although it is one.)
        const QFontMetrics metrics(preview->font());
        QCOMPARE(metrics.horizontalAdvance("iiiiiiii"), metrics.horizontalAdvance("MMMMMMMM"));
        QCOMPARE(preview->toPlainText(), d.code());
        ExportOptions o;
        QCOMPARE(d.code().toStdString(), CodeExporter::generate(*findPreset("production"), ExportLanguage::Python, o));

        d.findChild<QComboBox*>("exportLanguage")->setCurrentIndex(1);
        QCOMPARE(d.language(), ExportLanguage::Java);
        QVERIFY(preview->toPlainText().contains("public final class AckLabProducer"));
        d.findChild<QLineEdit*>("exportTopic")->setText("orders");
        d.findChild<QLineEdit*>("exportDlqTopic")->setText("orders-dlq");
        o.topic = "orders";
        o.dlqTopic = "orders-dlq";
        QCOMPARE(preview->toPlainText().toStdString(),
                 CodeExporter::generate(*findPreset("production"), ExportLanguage::Java, o));
        QVERIFY(d.findChild<QLabel*>("exportStatus")->text().contains("AckLabProducer.java"));

        d.setLanguage(ExportLanguage::Go);
        QVERIFY(preview->toPlainText().contains("confluent-kafka-go/v2/kafka"));
        d.setProfile(*findPreset("metrics"));
        QVERIFY(preview->toPlainText().contains("const profile = \"metrics\""));
    }

    void badInputDisablesSaveAndCopyAndSaysWhy() {
        ExportDialog d(*findPreset("critical"));
        auto* save = d.findChild<QPushButton*>("exportSave");
        auto* copy = d.findChild<QPushButton*>("exportCopy");
        QVERIFY(save->isEnabled() && copy->isEnabled());
        d.findChild<QLineEdit*>("exportTopic")->setText("");
        QVERIFY(!save->isEnabled() && !copy->isEnabled());
        QVERIFY(d.code().isEmpty());
        QVERIFY2(d.findChild<QLabel*>("exportStatus")->text().contains("topic: must not be empty"),
                 qPrintable(d.findChild<QLabel*>("exportStatus")->text()));
        d.findChild<QLineEdit*>("exportTopic")->setText("same");
        d.findChild<QLineEdit*>("exportDlqTopic")->setText("same");
        QVERIFY(!save->isEnabled());
        QVERIFY(d.problem().contains("must differ"));
        d.findChild<QLineEdit*>("exportDlqTopic")->setText("other");
        QVERIFY(save->isEnabled());

        ProducerProfile bad = *findPreset("critical");
        bad.set("acks", "maybe");
        d.setProfile(bad);
        QVERIFY(!save->isEnabled());
        QVERIFY2(d.problem().contains("is not valid") && d.problem().contains("acks"), qPrintable(d.problem()));
        QCOMPARE(d.findChild<QPlainTextEdit*>("exportPreview")->toPlainText(), d.problem());
    }

    void saveWritesTheFileTheDialogNamesAndCopyFillsTheClipboard() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("acklab_producer.py");
        QString askedInitial;
        Dialogs::setInterceptor([&](const Dialogs::Request& r) {
            if (r.kind != Dialogs::Kind::SaveFile) {
                qWarning("unexpected dialog: %s: %s", qPrintable(r.title), qPrintable(r.text));
                return QString();
            }
            askedInitial = r.initial;
            return path;
        });
        ExportDialog d(*findPreset("analytics"));
        QSignalSpy saved(&d, &ExportDialog::saved);
        QSignalSpy copied(&d, &ExportDialog::copied);
        QTest::mouseClick(d.findChild<QPushButton*>("exportSave"), Qt::LeftButton);
        QCOMPARE(askedInitial, QString("acklab_producer.py"));
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).toString(), path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), d.code());
        QVERIFY(f.permissions() & QFileDevice::ExeOwner);

        QTest::mouseClick(d.findChild<QPushButton*>("exportCopy"), Qt::LeftButton);
        QCOMPARE(copied.count(), 1);
        QCOMPARE(QApplication::clipboard()->text(), d.code());

        // A path that cannot be written: the reason, no saved() signal.
        QVERIFY(!d.saveTo(dir.filePath("no/such/folder/x.py")));
        QVERIFY(d.problem().startsWith("Cannot write"));
        QCOMPARE(saved.count(), 1);
        test::isolateWindowTests();
    }
};

QTEST_MAIN(ExportDialogTest)
#include "ExportDialogTest.moc"
