#include "plots/PlotPanel.h"

#include "ColorScheme.h"
#include "Dialogs.h"
#include "plots/DistributionPlot.h"
#include "plots/E2ePlot.h"
#include "plots/FailurePlot.h"
#include "plots/LatencyPlot.h"
#include "plots/ThroughputPlot.h"
#include "plots/TransactionPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>

namespace acklab::ui {

PlotPanel::PlotPanel(QWidget* parent)
    : QWidget(parent), latency_(new LatencyPlot(this)), distribution_(new DistributionPlot(this)), e2e_(new E2ePlot(this)), transactions_(new TransactionPlot(this)),
      showE2e_(new QCheckBox(tr("end to end"), this)),
      throughput_(new ThroughputPlot(this)), failures_(new FailurePlot(this)), source_(new QComboBox(this)),
      showP50_(new QCheckBox(tr("p50"), this)), showP99_(new QCheckBox(tr("p99"), this)),
      showMax_(new QCheckBox(tr("max"), this)), yScale_(new QComboBox(this)), follow_(new QPushButton(tr("Follow"), this)),
      profileBoxes_(new QHBoxLayout) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Latency from"), this));
    source_->addItem(tr("produce()"));
    source_->addItem(tr("scheduled send (coordinated-omission corrected)"));
    source_->setObjectName("latencySource");
    // The long entry is elided in the closed box (the list shows it whole), so the row fits a small screen.
    source_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    source_->setMinimumContentsLength(9);
    source_->setToolTip(tr("produce(): what librdkafka measured per message. Scheduled send: from when the message "
                           "should have been sent at the chosen rate, so time spent blocked counts too."));
    controls->addWidget(source_);
    for (auto* c : {showP50_, showP99_, showMax_}) {
        c->setChecked(true);
        controls->addWidget(c);
    }
    showP50_->setObjectName("showP50");
    showMax_->setObjectName("showMax");
    controls->addSpacing(8);
    controls->addWidget(new QLabel(tr("y"), this));
    yScale_->addItems({tr("clip spikes ▲"), tr("fit all"), tr("logarithmic")});
    yScale_->setObjectName("yScale");
    yScale_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    yScale_->setMinimumContentsLength(11);
    yScale_->setToolTip(tr("Clip: the axis fits the bulk of the values and every point above it is marked with a red "
                           "triangle (hover for its value). Fit: the axis fits the highest point. Log: both, on a log scale."));
    controls->addWidget(yScale_);
    follow_->setObjectName("followRun");
    follow_->setToolTip(tr("Wheel zooms the time axis, drag pans it; Follow (or a double-click) goes back to the live end."));
    follow_->setEnabled(false);
    controls->addWidget(follow_);
    showE2e_->setObjectName("showE2e");
    showE2e_->setToolTip(tr("Top right: end-to-end latency and the lost / duplicated counts of the live consumer, "
                            "or (unticked) the latency distribution"));
    showE2e_->setVisible(false);
    controls->addWidget(showE2e_);
    controls->addStretch();
    auto* exportButton = new QPushButton(tr("PNG…"), this);
    exportButton->setToolTip(tr("Export the four plots as PNG files"));
    controls->addWidget(exportButton);
    layout->addLayout(controls);
    // Compare: one check box per profile, on a row of their own (empty, so no height, for a single run).
    profileBoxes_->addStretch();
    layout->addLayout(profileBoxes_);

    auto* grid = new QGridLayout;
    grid->setSpacing(2);
    grid->addWidget(latency_, 0, 0);
    grid->addWidget(distribution_, 0, 1);
    grid->addWidget(e2e_, 0, 1);
    e2e_->hide();
    grid->addWidget(throughput_, 1, 0);
    grid->addWidget(failures_, 1, 1);
    grid->addWidget(transactions_, 2, 0, 1, 2);
    transactions_->hide();
    layout->addLayout(grid, 1);

    connect(source_, &QComboBox::currentIndexChanged, this, [this](int i) {
        latency_->setFromSchedule(i == 1);
        distribution_->setFromSchedule(i == 1);
        refresh();
    });
    for (auto* c : {showP50_, showP99_, showMax_})
        connect(c, &QCheckBox::toggled, this, [this] {
            latency_->setPercentiles(showP50_->isChecked(), showP99_->isChecked(), showMax_->isChecked());
            refresh();
        });
    connect(yScale_, &QComboBox::currentIndexChanged, this, &PlotPanel::setYScale);
    connect(showE2e_, &QCheckBox::toggled, this, &PlotPanel::showE2e);
    connect(follow_, &QPushButton::clicked, this, [this] { setFollowing(true); });
    linkTimeAxes();
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString dir = Dialogs::saveFile(this, tr("Export plots: choose a folder and a base name"),
                                              tr("Folder (*)"), QDir::homePath() + "/acklab-plots");
        if (dir.isEmpty()) return;
        QString error;
        if (!exportAll(dir, &error)) Dialogs::error(this, tr("Export plots"), error);
    });
    reset({"run"}, 100);
}

std::vector<RunPlot*> PlotPanel::plots() const { return {latency_, distribution_, throughput_, failures_, e2e_, transactions_}; }
std::vector<RunPlot*> PlotPanel::timePlots() const { return {latency_, throughput_, failures_, e2e_, transactions_}; }

void PlotPanel::showE2e(bool on) {
    if (showE2e_->isChecked() != on) showE2e_->setChecked(on);  // comes back here
    e2e_->setVisible(on);
    distribution_->setVisible(!on);
    for (auto* p : {static_cast<RunPlot*>(e2e_), static_cast<RunPlot*>(distribution_)}) p->markDirty();
    refresh();
}

void PlotPanel::addE2ePoints(int run, const std::vector<E2ePoint>& points) {
    e2e_->addPoints(run, points);
    if (!points.empty()) e2e_->followTime(static_cast<double>(points.back().tMs) / 1000.0);
}

void PlotPanel::linkTimeAxes() {
    for (auto* p : timePlots()) {
        connect(p, &RunPlot::userTimeRangeChanged, this, [this, p](double lo, double hi) {
            if (linking_) return;
            linking_ = true;
            for (auto* other : timePlots())
                if (other != p) other->setTimeRange(lo, hi);
            linking_ = false;
            follow_->setEnabled(true);
            refresh();
        });
        connect(p, &RunPlot::followingChanged, this, [this](bool on) {
            if (linking_) return;
            if (on) setFollowing(true);
            else follow_->setEnabled(true);
        });
    }
}

void PlotPanel::setFollowing(bool on) {
    linking_ = true;
    for (auto* p : timePlots()) p->setFollowing(on);
    linking_ = false;
    follow_->setEnabled(!on);
    refresh();
}

void PlotPanel::setYScale(int index) {
    if (yScale_->currentIndex() != index) yScale_->setCurrentIndex(index);  // comes back here
    const auto scale = index == 2 ? RunPlot::YScale::Log : index == 1 ? RunPlot::YScale::Fit : RunPlot::YScale::Clip;
    latency_->setYScale(scale);
    throughput_->setYScale(scale);
    refresh();
}

void PlotPanel::setProfileVisible(int run, bool visible) {
    for (auto* p : plots()) p->setRunVisible(run, visible);
    if (run >= 0 && static_cast<size_t>(run) < profileChecks_.size() && profileChecks_[static_cast<size_t>(run)]->isChecked() != visible)
        profileChecks_[static_cast<size_t>(run)]->setChecked(visible);
    refresh();
}

void PlotPanel::reset(const QStringList& profiles, int64_t intervalMs, bool e2e, bool transactional) {
    latency_->reset(profiles);
    transactions_->reset(profiles, intervalMs);
    transactions_->setVisible(transactional);
    e2e_->reset(profiles, intervalMs);
    showE2e_->setVisible(e2e);
    showE2e(e2e);
    distribution_->reset(profiles);
    throughput_->reset(profiles, intervalMs);
    failures_->reset(profiles, intervalMs);
    latency_->setFromSchedule(source_->currentIndex() == 1);
    for (auto* c : {showP50_, showP99_, showMax_}) c->blockSignals(true);
    showP50_->setChecked(latency_->showsP50());
    showP99_->setChecked(latency_->showsP99());
    showMax_->setChecked(latency_->showsMax());
    for (auto* c : {showP50_, showP99_, showMax_}) c->blockSignals(false);
    distribution_->setFromSchedule(source_->currentIndex() == 1);
    for (auto* p : timePlots()) p->setIntervalSeconds(static_cast<double>(intervalMs) / 1000.0);
    setYScale(yScale_->currentIndex());
    follow_->setEnabled(false);
    // One check box per profile (compare): hide a profile in every plot.
    for (auto* c : profileChecks_) delete c;
    profileChecks_.clear();
    if (profiles.size() > 1) {
        for (int r = 0; r < profiles.size(); ++r) {
            auto* c = new QCheckBox(profiles[r], this);
            c->setChecked(true);
            c->setObjectName(QString("showProfile%1").arg(r));
            c->setStyleSheet(QString("QCheckBox { color: %1; font-weight: bold; }").arg(ColorScheme::profile(r).name()));
            connect(c, &QCheckBox::toggled, this, [this, r](bool on) { setProfileVisible(r, on); });
            profileBoxes_->insertWidget(profileBoxes_->count() - 1, c);  // before the stretch
            profileChecks_.push_back(c);
        }
    }
    lastHistogram_.assign(static_cast<size_t>(profiles.size()), QElapsedTimer());
    for (auto* p : plots()) p->replot(QCustomPlot::rpQueuedReplot);
}

void PlotPanel::addSnapshot(int run, const RunSnapshot& s) {
    latency_->addPoints(run, s.timeline);
    throughput_->addPoints(run, s.timeline);
    failures_->addPoints(run, s.timeline);
    transactions_->addPoints(run, s.timeline);
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
    for (auto* p : timePlots()) p->addFault(f);
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
    const QStringList names = {"latency", "distribution", "throughput", "failures", "e2e", "transactions"};
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
