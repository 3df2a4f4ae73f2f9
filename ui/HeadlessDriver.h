#pragma once
// Carries out LaunchOptions on a window: loads the profile, applies traffic and faults, starts, and at
// --quit-after grabs the whole window to --screenshot and quits (works under Xvfb and -platform offscreen).
#include "LaunchOptions.h"

#include <QObject>

namespace acklab::ui {

class MainWindow;

class HeadlessDriver : public QObject {
    Q_OBJECT
public:
    HeadlessDriver(MainWindow& window, LaunchOptions options, QObject* parent = nullptr);

    // Applies the options; returns false (with *error) when the profile or a flag cannot be used.
    bool apply(QString* error);
    // Saves a grab of the whole window (after an immediate replot of every plot).
    static bool screenshot(MainWindow& window, const QString& path);

signals:
    void done(int exitCode);

private:
    bool begin(QString* error);  // starts what was asked and arms --quit-after
    bool startMonitor(QString* error);  // --monitor
    void finish();
    void showTab();
    bool monitorFaultsArmed_ = false;

    MainWindow& window_;
    LaunchOptions options_;
};

}  // namespace acklab::ui
