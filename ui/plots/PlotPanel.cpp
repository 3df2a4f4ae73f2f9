#include "plots/PlotPanel.h"

#include "Dialogs.h"
#include "plots/DistributionPlot.h"
#include "plots/FailurePlot.h"
#include "plots/LatencyPlot.h"
#include "plots/ThroughputPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>

namespace acklab::ui {

namespace {
QString shortFault(const FiredFault& f) {
    QString s = QString::fromStdString(f.spec);
    // "error code=TOPIC_AUTHORIZATION_FAILED count=3 at=0ms" -> drop the at= word, it is the x position.
    static const QRegularExpression at(QStringLiteral("\\s*\\bat=\\S+"));
    s.remove(at);
    // Short labels stay readable on a small plot: "error NOT_ENOUGH_REPLICAS count=20", "end: rtt broker=1 ...".
    s.remove(QStringLiteral("code="));
    s.replace(QStringLiteral("(end of) "), QStringLiteral("end: "));
    return f.ok ? s : s + " (failed)";
}
}  // namespace

PlotPanel::PlotPanel(QWidget* parent)
    : QWidget(parent), latency_(new LatencyPlot(this)), distribution_(new DistributionPlot(this)),
      throughput_(new ThroughputPlot(this)), failures_(new FailurePlot(this)), source_(new QComboBox(this)),
      showMax_(new QCheckBox(tr("max"), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Latency measured"), this));
    source_->addItem(tr("from produce() (raw)"));
    source_->addItem(tr("from the scheduled send time (coordinated-omission corrected)"));
    source_->setObjectName("latencySource");
    controls->addWidget(source_);
    showMax_->setChecked(true);
    controls->addWidget(showMax_);
    controls->addStretch();
    auto* exportButton = new QPushButton(tr("Export plots as PNG…"), this);
    controls->addWidget(exportButton);
    layout->addLayout(controls);

    auto* grid = new QGridLayout;
    grid->setSpacing(2);
    grid->addWidget(latency_, 0, 0);
    grid->addWidget(distribution_, 0, 1);
    grid->addWidget(throughput_, 1, 0);
    grid->addWidget(failures_, 1, 1);
    layout->addLayout(grid, 1);

    connect(source_, &QComboBox::currentIndexChanged, this, [this](int i) {
        latency_->setFromSchedule(i == 1);
        distribution_->setFromSchedule(i == 1);
        refresh();
    });
    connect(showMax_, &QCheckBox::toggled, this, [this](bool on) {
        latency_->setShowMax(on);
        refresh();
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString dir = Dialogs::saveFile(this, tr("Export plots: choose a folder and a base name"),
                                              tr("Folder (*)"), QDir::homePath() + "/acklab-plots");
        if (dir.isEmpty()) return;
        QString error;
        if (!exportAll(dir, &error)) Dialogs::error(this, tr("Export plots"), error);
    });
    reset({"run"}, 100);
}

std::vector<RunPlot*> PlotPanel::plots() const { return {latency_, distribution_, throughput_, failures_}; }

void PlotPanel::reset(const QStringList& profiles, int64_t intervalMs) {
    latency_->reset(profiles);
    distribution_->reset(profiles);
    throughput_->reset(profiles, intervalMs);
    failures_->reset(profiles, intervalMs);
    latency_->setFromSchedule(source_->currentIndex() == 1);
    latency_->setShowMax(showMax_->isChecked());
    distribution_->setFromSchedule(source_->currentIndex() == 1);
    lastHistogram_.assign(static_cast<size_t>(profiles.size()), QElapsedTimer());
    for (auto* p : plots()) p->replot(QCustomPlot::rpQueuedReplot);
}

void PlotPanel::addSnapshot(int run, const RunSnapshot& s) {
    latency_->addPoints(run, s.timeline);
    throughput_->addPoints(run, s.timeline);
    failures_->addPoints(run, s.timeline);
    if (!s.timeline.empty()) {
        const double now = static_cast<double>(s.timeline.back().tMs) / 1000.0;
        for (auto* p : plots()) p->followTime(now);
    }
    // Percentile curves cost ~100 histogram reads each: a few times a second is plenty, plus the final state.
    if (run >= 0 && static_cast<size_t>(run) < lastHistogram_.size()) {
        auto& t = lastHistogram_[static_cast<size_t>(run)];
        const bool final = s.state == "finished" || s.state == "failed";
        if (!t.isValid() || t.elapsed() >= 250 || final) {
            distribution_->setHistograms(run, s.latency, s.schedLatency);
            t.start();
        }
    }
}

void PlotPanel::addFault(int run, const FiredFault& f) {
    if (run != 0) return;  // every profile sees the same faults at the same moments: mark them once
    const double x = static_cast<double>(f.atMs) / 1000.0;
    for (auto* p : plots())
        if (p->hasTimeAxis()) p->addFaultMarker(x, shortFault(f), f.ok);
}

int PlotPanel::refresh() {
    int n = 0;
    for (auto* p : plots()) n += p->refresh() ? 1 : 0;
    return n;
}

void PlotPanel::replotAllNow() {
    for (auto* p : plots()) {
        p->markDirty();
        p->refresh();
        p->replot(QCustomPlot::rpImmediateRefresh);
    }
}

int PlotPanel::replotCount() const {
    int n = 0;
    for (auto* p : plots()) n += p->replotCount();
    return n;
}

bool PlotPanel::exportAll(const QString& base, QString* error) {
    const QStringList names = {"latency", "distribution", "throughput", "failures"};
    const auto all = plots();
    for (size_t i = 0; i < all.size(); ++i) {
        const QString path = base + "-" + names[static_cast<int>(i)] + ".png";
        if (!all[i]->exportPng(path)) {
            if (error) *error = tr("Cannot write %1").arg(path);
            return false;
        }
    }
    return true;
}

}  // namespace acklab::ui
