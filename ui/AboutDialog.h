#pragma once
// Help > About AckLab: the icon, what AckLab is, and exactly what this build is made of (AckLab version and git
// description, librdkafka, Qt, QCustomPlot, the data folder). Shown without blocking (no Dialogs round trip:
// it asks nothing), one at a time.
#include <QDialog>
#include <QIcon>
#include <QString>

namespace acklab::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The lines `acklab --version` prints and the dialog shows: core's (BuildInfo) plus Qt and QCustomPlot.
    static QString versionText();
    // AckLab's icon at every size, compiled in (resources/acklab.qrc); used as the window icon too.
    static QIcon appIcon();
    // Shows the About dialog for `parent`, raising the one already open instead of opening a second.
    static AboutDialog* showFor(QWidget* parent);
};

}  // namespace acklab::ui
