// ui_responsiveness: unthrottled traffic on the embedded cluster with every plot live, measuring what the user
// would feel. A 10 ms timer measures the event loop's lateness; replots are counted; RSS is sampled.
//   ui_responsiveness [--messages N] [--profile NAME]     (default 10,000,000 messages, profile critical)
// Targets: event-loop lag p99 < 50 ms, >= 20 replots/s, RSS growth < 64 MB.
#include "Dialogs.h"
#include "MainWindow.h"
#include "plots/PlotPanel.h"
#include "profile/ProfileForm.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

double rssMb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (!std::getenv("DISPLAY") && !std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // leave the user's settings alone
    acklab::ui::Dialogs::setInterceptor([](const acklab::ui::Dialogs::Request& r) {
        std::fprintf(stderr, "dialog: %s: %s\n", qPrintable(r.title), qPrintable(r.text));
        return QString();
    });
    int64_t messages = 10'000'000;
    QString profile = "critical";
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--messages") messages = args[i + 1].toLongLong();
        if (args[i] == "--profile") profile = args[i + 1];
    }

    acklab::ui::MainWindow window;
    window.resize(1500, 950);
    window.show();
    window.profileForm()->selectPreset(profile);
    auto t = window.trafficPanel()->spec();
    t.messages = messages;
    t.durationMs = 0;
    t.rate = 0;
    window.trafficPanel()->setSpec(t);

    std::vector<double> lateness;
    lateness.reserve(1 << 16);
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last) lateness.push_back(std::max(0.0, static_cast<double>(now - last) / 1e6 - 10.0));
        last = now;
    });

    double rssStart = 0, rssPeak = 0, rssWarm = 0, rssPeakAfterWarm = 0;
    int replotsStart = 0;
    QTimer rss;
    rss.setInterval(250);
    QObject::connect(&rss, &QTimer::timeout, [&] {
        const double now = rssMb();
        rssPeak = std::max(rssPeak, now);
        // After 3 s the fixed-size buffers are full (librdkafka's queue, bounded by
        // queue.buffering.max.messages, and the mock's per-partition retention): growth past that point is
        // what grows with the number of messages.
        if (rssWarm == 0 && clock.elapsed() >= 3000) rssWarm = now;
        if (rssWarm > 0) rssPeakAfterWarm = std::max(rssPeakAfterWarm, now);
    });
    QObject::connect(&window, &acklab::ui::MainWindow::runFinished, &app, [&] { QApplication::quit(); });

    QTimer::singleShot(500, [&] {  // let the window settle first
        rssStart = rssPeak = rssMb();
        replotsStart = window.plots()->replotCount();
        clock.start();
        probe.start();
        rss.start();
        if (!window.startComposed()) {
            std::fprintf(stderr, "ui_responsiveness: the run did not start\n");
            QApplication::exit(2);
        }
    });
    const int rc = QApplication::exec();
    probe.stop();
    rss.stop();
    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    const double rssEnd = rssMb();
    rssPeak = std::max(rssPeak, rssEnd);
    const int replots = window.plots()->replotCount() - replotsStart;
    const auto& records = window.controller()->records();
    const uint64_t delivered = records.empty() ? 0 : records[0].result.counters.delivered;
    const uint64_t failed = records.empty() ? 0 : records[0].result.counters.failed;

    const double p50 = percentile(lateness, 0.50), p99 = percentile(lateness, 0.99);
    const double maxLag = lateness.empty() ? 0 : *std::max_element(lateness.begin(), lateness.end());
    const double replotRate = seconds > 0 ? replots / seconds : 0;
    const double growth = rssPeak - rssStart;
    std::printf("ui_responsiveness: profile %s, %lld messages unthrottled on the embedded cluster, every plot live\n",
                qPrintable(profile), static_cast<long long>(messages));
    std::printf("  run            %.1f s, delivered %llu, failed %llu (%.0f msgs/s)\n", seconds,
                static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(failed),
                seconds > 0 ? static_cast<double>(delivered + failed) / seconds : 0.0);
    std::printf("  event-loop lag p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu samples)   target p99 < 50 ms: %s\n", p50,
                p99, maxLag, lateness.size(), p99 < 50 ? "met" : "MISSED");
    std::printf("  replots        %d in %.1f s = %.1f replots/s (4 plots; %.1f per plot)   target >= 20/s: %s\n",
                replots, seconds, replotRate, replotRate / 4.0, replotRate >= 20 ? "met" : "MISSED");
    std::printf("  RSS            start %.1f MB, peak %.1f MB, end %.1f MB\n", rssStart, rssPeak, rssEnd);
    std::printf("                 peak growth %.1f MB (includes librdkafka's queue and the mock cluster's log)   "
                "target < 64 MB: %s\n", growth, growth < 64 ? "met" : "MISSED");
    std::printf("                 retained after the run %.1f MB   target < 64 MB: %s\n", rssEnd - rssStart,
                rssEnd - rssStart < 64 ? "met" : "MISSED");
    if (rssWarm > 0)
        std::printf("                 growth after the first 3 s (buffers full) %.1f MB (%.1f -> %.1f MB)   "
                    "target < 64 MB: %s\n",
                    rssPeakAfterWarm - rssWarm, rssWarm, rssPeakAfterWarm,
                    rssPeakAfterWarm - rssWarm < 64 ? "met" : "MISSED");
    return rc;
}
