// acklab: the window. Thin; everything lives in ui/ and core/.
#include "AppInfo.h"
#include "HeadlessDriver.h"
#include "LaunchOptions.h"
#include "MainWindow.h"

#include <QApplication>

#include <iostream>

int main(int argc, char** argv) {
    QApplication app(argc, argv);  // takes Qt's own flags (-platform offscreen, ...)
    QApplication::setOrganizationName(acklab::ui::kOrganization);
    QApplication::setApplicationName(acklab::ui::kApplication);
    QApplication::setApplicationVersion(ACKLAB_VERSION);

    QString error;
    auto options = acklab::ui::LaunchOptions::parse(app.arguments().mid(1), &error);
    if (!options) {
        std::cerr << "acklab: " << error.toStdString() << "\n" << acklab::ui::LaunchOptions::usage().toStdString();
        return 2;
    }
    acklab::ui::MainWindow window;
    window.show();
    acklab::ui::HeadlessDriver driver(window, *options);
    int exitCode = 0;
    QObject::connect(&driver, &acklab::ui::HeadlessDriver::done, &app, [&](int code) {
        exitCode = code;
        QApplication::exit(code);
    });
    if (!driver.apply(&error)) std::cerr << "acklab: " << error.toStdString() << "\n";
    const int rc = QApplication::exec();
    return rc != 0 ? rc : exitCode;
}
