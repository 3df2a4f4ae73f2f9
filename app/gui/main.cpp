// acklab: the window. Thin; everything lives in ui/ and core/.
#include "AboutDialog.h"
#include "AppInfo.h"
#include "HeadlessDriver.h"
#include "LaunchOptions.h"
#include "MainWindow.h"

#include <QApplication>

#include <cstring>
#include <iostream>

namespace {

const char* kDescription =
    "acklab - the AckLab window: a Kafka producer reliability workbench. Compose a producer configuration, fire\n"
    "test traffic through librdkafka at an embedded cluster (the default), a local 3-node Apache Kafka or an\n"
    "external cluster, break the cluster on purpose and watch latency, classified errors and the dead-letter\n"
    "queue. The options below drive it from a script (demos, screenshots); without any, it opens the window.\n"
    "acklab-cli runs the same core headless.\n\n";

// --help and --version are answered before the window's QApplication exists, so they work without a display
// (help2man runs them at build time for the man page). Returns -1 when neither was asked for.
int answerWithoutWindow(int argc, char** argv) {
    bool help = false;
    bool version = false;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        help = help || !std::strcmp(a, "--help") || !std::strcmp(a, "--help-all") || !std::strcmp(a, "-h");
        version = version || !std::strcmp(a, "--version") || !std::strcmp(a, "-v");
    }
    if (!help && !version) return -1;
    QCoreApplication core(argc, argv);
    if (version) {
        std::cout << acklab::ui::AboutDialog::versionText().toStdString();
        return 0;
    }
    QString error;
    const auto options = acklab::ui::LaunchOptions::parse({"--help"}, &error);
    QString text = options ? options->helpText : acklab::ui::LaunchOptions::usage();
    text.replace(QCoreApplication::arguments().constFirst(), "acklab");  // "Usage: acklab", not a build path
    std::cout << kDescription << text.toStdString()
              << "\nExit status: 0 closed normally; 1 the --screenshot file could not be written; 2 a bad option\n"
                 "(the message names it).\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (const int rc = answerWithoutWindow(argc, argv); rc >= 0) return rc;
    QApplication app(argc, argv);  // takes Qt's own flags (-platform offscreen, ...)
    QApplication::setOrganizationName(acklab::ui::kOrganization);
    QApplication::setApplicationName(acklab::ui::kApplication);
    QApplication::setApplicationVersion(ACKLAB_VERSION);
    QApplication::setWindowIcon(acklab::ui::AboutDialog::appIcon());
    QGuiApplication::setDesktopFileName("dev.acklab.AckLab");  // Wayland matches the window to its launcher

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
