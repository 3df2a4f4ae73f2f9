#include "HeadlessDriver.h"

#include "CentralTabs.h"
#include "MainWindow.h"
#include "cluster/FaultSpec.h"
#include "monitor/MonitorPanel.h"
#include "monitor/MonitorPlot.h"
#include "cluster/ClusterPanel.h"
#include "plots/PlotPanel.h"
#include "profile/Presets.h"
#include "profile/ProfileForm.h"
#include "scenario/ScenarioPanel.h"
#include "traffic/TrafficPanel.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QElapsedTimer>
#include <QTimer>

#include <cmath>
#include <iostream>

namespace acklab::ui {

HeadlessDriver::HeadlessDriver(MainWindow& window, LaunchOptions options, QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options)) {}

bool HeadlessDriver::apply(QString* error) {
    if (!options_.profile.isEmpty()) {
        try {
            window_.profileForm()->setProfile(resolveProfile(options_.profile.toStdString()));
        } catch (const std::exception& e) {
            if (error) *error = QString("--profile: %1").arg(e.what());
            return false;
        }
    }
    if (options_.embeddedBrokers) {
        window_.clusterPanel()->setKind("embedded");
        window_.clusterPanel()->setEmbeddedBrokers(*options_.embeddedBrokers);
    }
    TrafficSpec t = window_.trafficPanel()->spec();
    if (options_.messages) {
        t.messages = *options_.messages;
        t.durationMs = 0;
    }
    if (options_.durationSeconds) t.durationMs = static_cast<int64_t>(std::llround(*options_.durationSeconds * 1000));
    if (options_.rate) t.rate = *options_.rate;
    if (options_.txnMessages) {
        t.transaction.messages = *options_.txnMessages;
        t.transaction.abortEvery = options_.txnAbortEvery.value_or(0);
        if (!options_.txnTopics.isEmpty()) {
            t.transaction.topics = {t.topic};
            for (const auto& x : options_.txnTopics) t.transaction.topics.push_back(x.trimmed().toStdString());
        }
    }
    window_.trafficPanel()->setSpec(t);
    if (options_.audit) window_.trafficPanel()->setAudit(true);
    if (options_.e2e) window_.trafficPanel()->setE2e(true);
    std::vector<FaultSpec> faults;
    for (const auto& f : options_.faults) faults.push_back(FaultSpec::parse(f.toStdString()));
    if (!options_.monitor) window_.setScheduledFaults(std::move(faults));
    if (options_.local) {
        // The window probes Local Kafka off the UI thread: start once it has found the running nodes.
        window_.clusterPanel()->setKind("local");
        auto* poll = new QTimer(this);
        auto* waited = new QElapsedTimer;
        waited->start();
        connect(poll, &QTimer::timeout, this, [this, poll, waited] {
            const bool ready = window_.clusterPanel()->sharedCluster() != nullptr;
            if (!ready && waited->elapsed() < 60'000) return;
            poll->stop();
            poll->deleteLater();
            delete waited;
            QString why;
            if (!ready) std::cerr << "acklab: --local: Local Kafka was not found running (acklab-cli cluster up)\n";
            else if (!begin(&why)) std::cerr << "acklab: " << why.toStdString() << "\n";
            if (!ready && options_.quitAfterSeconds) finish();
        });
        poll->start(200);
        return true;
    }
    return begin(error);
}

bool HeadlessDriver::begin(QString* error) {
    bool ok = true;
    if (!options_.scenario.isEmpty()) {
        window_.focusSetupTab("Scenarios");
        const QString path = ScenarioPanel::resolve(options_.scenario);
        if (path.isEmpty()) {
            if (error) *error = QString("--scenario: '%1' is neither a file nor a bundled scenario").arg(options_.scenario);
            ok = false;
        } else if (!window_.scenarioPanel()->openFile(path)) {
            if (error) *error = QString("--scenario: %1").arg(window_.scenarioPanel()->problemText());
            ok = false;
        } else if (options_.start) {
            ok = window_.scenarioPanel()->play();
        }
    } else if (options_.monitor) {
        ok = startMonitor(error);
    } else if (!options_.compare.isEmpty()) {
        ok = window_.startCompare(options_.compare);
    } else if (options_.start) {
        ok = window_.startComposed();
    }
    showTab();
    if (!ok) {
        if (error && error->isEmpty()) *error = "the run could not start (see the event log)";
        // Still honour --screenshot/--quit-after: a picture of the refusal is useful too.
    }
    if (options_.quitAfterSeconds)
        QTimer::singleShot(static_cast<int>(*options_.quitAfterSeconds * 1000), this, &HeadlessDriver::finish);
    return ok;
}

bool HeadlessDriver::startMonitor(QString* error) {
    MonitorPanel* m = window_.centralTabs()->monitor();
    window_.centralTabs()->showPage("Monitor");
    if (options_.rate && *options_.rate > 0) m->setRate(*options_.rate);
    if (!m->start(error)) return false;
    // Faults fire at= after the monitor is running (it is built off the UI thread first).
    connect(m, &MonitorPanel::stateChanged, this, [this, m](MonitorPanel::State s) {
        if (s != MonitorPanel::State::Running || monitorFaultsArmed_) return;
        monitorFaultsArmed_ = true;
        for (const auto& text : options_.faults) {
            const FaultSpec f = FaultSpec::parse(text.toStdString());
            QTimer::singleShot(static_cast<int>(f.atMs), m, [m, text] { m->fireFault(text); });
        }
    });
    return true;
}

void HeadlessDriver::showTab() {
    if (!options_.page.isEmpty()) window_.centralTabs()->showPage(options_.page.left(1).toUpper() + options_.page.mid(1));
    const QString& t = options_.show;
    if (t.isEmpty()) return;
    const QString tab = t == "dlq" ? QString("DLQ") : t.left(1).toUpper() + t.mid(1);
    if (t == "dlq" || t == "events" || t == "compare") window_.focusResultsTab(tab);
    else window_.focusSetupTab(tab);
}

bool HeadlessDriver::screenshot(MainWindow& window, const QString& path) {
    window.plots()->replotAllNow();
    window.centralTabs()->monitor()->plot()->replot();
    const QPixmap pixmap = window.grab();
    const QFileInfo info(path);
    QDir().mkpath(info.absolutePath());
    return pixmap.save(path, "PNG");
}

void HeadlessDriver::finish() {
    int code = 0;
    if (!options_.screenshot.isEmpty()) {
        if (screenshot(window_, options_.screenshot)) {
            std::cout << "screenshot: " << options_.screenshot.toStdString() << "\n";
        } else {
            std::cerr << "acklab: cannot write " << options_.screenshot.toStdString() << "\n";
            code = 1;
        }
    }
    window_.close();
    emit done(code);
}

}  // namespace acklab::ui
