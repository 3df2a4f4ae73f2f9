// Help > About AckLab: the menu entry opens one dialog (a second click raises it), the dialog names this build's
// AckLab version and git description, librdkafka, Qt and QCustomPlot, and AckLab's icon is compiled in.
#include "AboutDialog.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "common/BuildInfo.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTest>

#include <qcustomplot.h>

using namespace acklab;
using namespace acklab::ui;

namespace {

QAction* aboutAction(MainWindow& w) {
    for (QAction* menu : w.menuBar()->actions())
        if (menu->text().remove('&') == "Help" && menu->menu())
            for (QAction* a : menu->menu()->actions())
                if (a->text().remove('&') == "About AckLab") return a;
    return nullptr;
}

}  // namespace

class AboutDialogTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateWindowTests(); }

    void versionTextNamesEveryComponent() {
        const QString text = AboutDialog::versionText();
        const QString version = QString::fromStdString(BuildInfo::version());
        QVERIFY2(text.startsWith("acklab " + version + " (git "), qPrintable(text));
        const QString rdkafka = QString::fromStdString(BuildInfo::librdkafkaRuntime());
        QVERIFY2(text.contains("librdkafka " + rdkafka), qPrintable(text));
        QVERIFY2(text.contains(QString("Qt ") + qVersion()), qPrintable(text));
        QVERIFY2(text.contains(QString("QCustomPlot ") + QCUSTOMPLOT_VERSION_STR), qPrintable(text));
        QVERIFY2(!text.contains("data: not found"), qPrintable(text));  // the build tree's share/acklab link
    }

    void iconIsCompiledInAtEverySize() {
        const QIcon icon = AboutDialog::appIcon();
        QVERIFY(!icon.isNull());
        for (const int size : {16, 32, 48, 64, 128, 256}) {
            const QPixmap p = icon.pixmap(size, size);
            QCOMPARE(p.width(), size);
            QVERIFY(!p.toImage().isGrayscale());  // the real icon, not a blank placeholder
        }
    }

    void helpMenuOpensOneAboutDialog() {
        MainWindow w;
        QVERIFY(test::showExposed(w));
        QAction* about = aboutAction(w);
        QVERIFY2(about, "Help > About AckLab is missing");
        about->trigger();
        auto dialogs = w.findChildren<AboutDialog*>();
        QCOMPARE(dialogs.size(), 1);
        QVERIFY(QTest::qWaitForWindowExposed(dialogs.front()));
        const auto* versions = dialogs.front()->findChild<QPlainTextEdit*>("aboutVersions");
        QVERIFY(versions);
        QVERIFY(versions->toPlainText().contains(QString::fromStdString(BuildInfo::gitDescribe())));
        about->trigger();  // again: raised, not duplicated
        QCOMPARE(w.findChildren<AboutDialog*>().size(), 1);
        dialogs.front()->close();
    }
};

QTEST_MAIN(AboutDialogTest)
#include "AboutDialogTest.moc"
