#pragma once
// Shared set-up for the window tests: no user settings read or written, and no modal dialog (an unexpected one
// is a warning and answers "cancel", so a test can never hang on it).
#include "Dialogs.h"

#include <QStandardPaths>
#include <QString>
#include <QTest>
#include <QWidget>

namespace acklab::ui::test {

inline void isolateWindowTests() {
    QStandardPaths::setTestModeEnabled(true);
    Dialogs::setInterceptor([](const Dialogs::Request& r) {
        qWarning("unexpected dialog: %s: %s", qPrintable(r.title), qPrintable(r.text));
        return QString();
    });
}

// Shows the window and waits until the platform has exposed it.
[[nodiscard]] inline bool showExposed(QWidget& w) {
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

}  // namespace acklab::ui::test
