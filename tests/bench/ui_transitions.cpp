// ui_transitions: the event loop's lag across the moments a user feels — start, a fault with for=, stop, start
// again at once, stop-and-start back to back, closing the window, and (with --local) a Local Kafka kill and
// restart. A 5 ms timer measures how late the event loop is; each sample is counted in the phase it fell in.
//   ui_transitions [--rate R] [--local]
// Targets: p99 < 50 ms and max < 200 ms in every phase.
#include "Dialogs.h"
#include "MainWindow.h"
#include "cluster/ClusterPanel.h"
#include "run/RunController.h"
#include "traffic/TrafficPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// Runs the event loop for `ms` (the probe keeps sampling meanwhile).
void spin(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until `done` or `ms` passed; returns done().
bool spinUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) spin(20);
    return done();
}

}  // namespace

int main(int argc, char** argv) {
    if (!std::getenv("DISPLAY") && !std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QStandardPaths::setTestModeEnabled(true);  // leave the user's settings alone
    acklab::ui::Dialogs::setInterceptor([](const acklab::ui::Dialogs::Request& r) {
        std::fprintf(stderr, "dialog: %s: %s\n", qPrintable(r.title), qPrintable(r.text));
        return QString();
    });
    double rate = 2000;
    bool local = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--rate" && i + 1 < args.size()) rate = args[i + 1].toDouble();
        if (args[i] == "--local") local = true;
    }

    auto* window = new acklab::ui::MainWindow;
    window->resize(1680, 1000);
    window->show();
    auto t = window->trafficPanel()->spec();
    t.messages = 0;
    t.durationMs = 600'000;
    t.rate = rate;
    window->trafficPanel()->setSpec(t);
    const QStringList profiles = {"critical", "analytics", "metrics"};

    std::string phase = "idle";
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> lag;
    QElapsedTimer clock;
    clock.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last) lag[phase].push_back(std::max(0.0, static_cast<double>(now - last) / 1e6 - 5.0));
        last = now;
    });
    auto enter = [&](const std::string& p) {
        phase = p;
        order.push_back(p);
    };
    auto* controller = window->controller();
    auto running = [&] { return controller->running() && !controller->starting() && controller->hasSession(); };

    spin(500);
    probe.start();
    bool ok = true;
    if (local) {
        enter("Local Kafka: choose and probe");
        window->clusterPanel()->setKind("local");
        ok = spinUntil([&] { return window->clusterPanel()->sharedCluster() != nullptr; }, 60'000);
        if (!ok) std::fprintf(stderr, "ui_transitions: Local Kafka is not up (acklab-cli cluster up)\n");
    }
    if (ok) {
        enter("start (compare, 3 profiles)");
        ok = window->startCompare(profiles) && spinUntil(running, 30'000);
        spin(2000);
    }
    if (ok) {
        enter(local ? "fault: stop broker=2 for=2s" : "fault: down broker=1 for=2s");
        window->fireFault(local ? "stop broker=2 for=2s" : "down broker=1 for=2s");
        spin(3500);
        enter("stop (flush what is in flight)");
        window->stopRun();
        ok = spinUntil([&] { return !controller->running(); }, 30'000);
        spin(1000);
    }
    if (ok) {
        enter("start again at once");
        ok = window->startCompare(profiles) && spinUntil(running, 30'000);
        spin(2000);
    }
    if (ok) {
        enter("stop and start back to back");
        window->stopRun();
        spinUntil([&] { return !controller->running(); }, 30'000);
        ok = window->startCompare(profiles) && spinUntil(running, 30'000);
        spin(2000);
    }
    if (ok && local) {
        enter("Local Kafka: kill broker=2");
        window->fireFault("kill broker=2");
        spin(4000);
        enter("Local Kafka: restart broker=2");
        window->fireFault("restart broker=2");
        spin(15'000);
    }
    if (ok) {
        enter("close the window (run going)");
        window->close();
        spin(1500);
    }
    probe.stop();
    QElapsedTimer teardown;
    teardown.start();
    delete window;  // at exit: joins what the background still does (not the event loop's time)
    const double teardownMs = static_cast<double>(teardown.elapsed());

    std::printf("ui_transitions: event-loop lag per transition (5 ms probe), %.0f msgs/s per profile, %s cluster\n", rate,
                local ? "Local Kafka" : "embedded");
    bool met = ok;
    for (const auto& p : order) {
        const auto& v = lag[p];
        const double p99 = percentile(v, 0.99), mx = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
        const bool good = p99 < 50 && mx < 200;
        met = met && good;
        std::printf("  %-36s p50 %5.1f ms  p99 %6.1f ms  max %6.1f ms  (%4zu samples)  %s\n", p.c_str(),
                    percentile(v, 0.5), p99, mx, v.size(), good ? "met" : "MISSED");
    }
    std::printf("  teardown at exit (off the event loop): %.0f ms\n", teardownMs);
    std::printf("  targets p99 < 50 ms, max < 200 ms in every phase: %s\n", met ? "met" : "MISSED");
    return ok ? 0 : 2;
}
