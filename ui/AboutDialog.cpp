#include "AboutDialog.h"

#include "common/BuildInfo.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <QtGlobal>

#include <qcustomplot.h>

// resources/acklab.qrc is compiled into the static acklab_ui library: without a reference the linker drops it.
// Q_INIT_RESOURCE must be called outside any namespace.
static void initAckLabResources() { Q_INIT_RESOURCE(acklab); }

namespace acklab::ui {

QString AboutDialog::versionText() {
    QString text = QString::fromStdString(BuildInfo::versionText("acklab"));
    text += QString("Qt %1 (built against %2)\n").arg(qVersion(), QT_VERSION_STR);
    text += QString("QCustomPlot %1\n").arg(QCUSTOMPLOT_VERSION_STR);
    return text;
}

QIcon AboutDialog::appIcon() {
    static const bool loaded = (initAckLabResources(), true);
    Q_UNUSED(loaded);
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QString(":/acklab/icons/%1.png").arg(size), QSize(size, size));
    return icon;
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("aboutDialog");
    setWindowTitle(tr("About AckLab"));
    setWindowIcon(appIcon());

    auto* icon = new QLabel;
    icon->setPixmap(appIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    auto* title = new QLabel(QString("<h2>AckLab %1</h2>").arg(QString::fromStdString(BuildInfo::version())));
    auto* about = new QLabel(tr(
        "A workbench for Kafka producer reliability: compose a producer configuration, fire test traffic through "
        "librdkafka and watch latency, classified errors and the dead-letter queue, while the cluster is broken "
        "on purpose.<br><br>The same core runs headless as <tt>acklab-cli</tt>; <tt>acklab-cli --help</tt> "
        "and <tt>man acklab-cli</tt> describe it."));
    about->setWordWrap(true);

    auto* versions = new QPlainTextEdit(versionText());
    versions->setObjectName("aboutVersions");
    versions->setReadOnly(true);  // selectable, so a bug report can quote it
    versions->setFixedHeight(versions->fontMetrics().lineSpacing() * 6 + 12);  // the five lines, no more

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(about);
    text->addWidget(new QLabel(tr("This build:")));
    text->addWidget(versions);
    text->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    resize(600, 380);
}

AboutDialog* AboutDialog::showFor(QWidget* parent) {
    auto* dialog = parent ? parent->findChild<AboutDialog*>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
    if (!dialog) {
        dialog = new AboutDialog(parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

}  // namespace acklab::ui
