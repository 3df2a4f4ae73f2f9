#include "MainWindow.h"

#include "AboutDialog.h"
#include "AppInfo.h"
#include "AppSettings.h"
#include "CentralTabs.h"
#include "Dialogs.h"
#include "RunStatusBar.h"
#include "cluster/ClusterPanel.h"
#include "common/Duration.h"
#include "cluster/LiveClusterView.h"
#include "compare/CompareNote.h"
#include "compare/CompareTableModel.h"
#include "dlq/DlqInspector.h"
#include "dlq/DlqPanel.h"
#include "faults/FaultPanel.h"
#include "log/EventLogModel.h"
#include "monitor/MonitorPanel.h"
#include "now/NowPanel.h"
#include "plots/PlotPanel.h"
#include "profile/Presets.h"
#include "profile/ProfileForm.h"
#include "profile/ProfileValidator.h"
#include "report/ReportWriter.h"
#include "run/RunController.h"
#include "scenario/ScenarioPanel.h"
#include "scenario/ScenarioPlayer.h"
#include "traffic/TrafficPanel.h"

#include <QCloseEvent>
#include <QPointer>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <QComboBox>
#include <QKeySequence>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

#include <algorithm>

namespace acklab::ui {

namespace {
QString fmtDuration(double s) { return QString::fromStdString(readableDuration(s)); }
QScrollArea* scrolled(QWidget* w) {
    // The tab fits its dock's width: a combo box asks room for a few characters, not for its longest item (which
    // pushed the Cluster and Faults tabs' buttons and state lines off the right edge on a laptop screen).
    for (auto* box : w->findChildren<QComboBox*>()) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(std::min(box->minimumContentsLength() > 0 ? box->minimumContentsLength() : 8, 10));
    }
    auto* s = new QScrollArea;
    s->setWidgetResizable(true);
    s->setFrameShape(QFrame::NoFrame);
    s->setWidget(w);
    return s;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), profile_(new ProfileForm), cluster_(new ClusterPanel), traffic_(new TrafficPanel),
      faults_(new FaultPanel), plots_(new PlotPanel(this)), log_(new EventLogModel(this)),
      compare_(new CompareTableModel(this)), controller_(new RunController(this)), status_(new RunStatusBar(this)),
      dlq_(new DlqPanel), player_(new ScenarioPlayer(*controller_, this)), scenarios_(new ScenarioPanel(*player_)) {
    setWindowTitle(tr("AckLab — Kafka producer reliability workbench"));
    setObjectName("mainWindow");
    central_ = new CentralTabs(plots_, cluster_, profile_, traffic_);
    setCentralWidget(central_);
    setStatusBar(status_);
    buildDocks();
    buildMenus();

    connect(traffic_, &TrafficPanel::startRequested, this, &MainWindow::startComposed);
    connect(traffic_, &TrafficPanel::compareRequested, this, &MainWindow::startCompare);
    connect(traffic_, &TrafficPanel::stopRequested, this, &MainWindow::stopRun);
    connect(now_, &NowPanel::runRequested, this, [this](const QString& what) {
        what == "lesson" ? traffic_->clickLesson() : traffic_->clickStart();
    });
    connect(traffic_, &TrafficPanel::changed, this, [this] {
        const auto t = traffic_->spec();
        cluster_->setTopic(t.topic, t.partitions);
    });
    connect(faults_, &FaultPanel::faultRequested, this, &MainWindow::fireFault);
    connect(central_, &CentralTabs::message, this, [this](const QString& severity, const QString& code, const QString& text) {
        logNote(severity, code, text);
    });
    connect(central_->monitor(), &MonitorPanel::message, this, [this](const QString& severity, const QString& text, double atSec) {
        // t is the monitor's own clock (seconds since it started), not a run's.
        logNote(severity, "monitor", text, {}, atSec >= 0 ? atSec : static_cast<double>(central_->monitor()->lastSnapshot().uptimeMs) / 1000.0);
        if (severity == "error") status_->showProblem(text);
    });
    connect(cluster_, &ClusterPanel::changed, this, [this] {
        if (!controller_->running()) status_->setCluster(cluster_->describe());
    });
    connect(cluster_, &ClusterPanel::message, status_, &RunStatusBar::showProblem);
    // The live view keeps the runs' cluster and the monitor's apart, and shows the one whose page is in front.
    connect(cluster_, &ClusterPanel::viewChanged, this, [this](const ClusterView& v, double now) { live_->setView(v, now); });
    MonitorPanel* monitor = central_->monitor();
    connect(monitor, &MonitorPanel::clusterViewChanged, live_, &LiveClusterView::setMonitorView);
    connect(monitor, &MonitorPanel::faultFired, live_->monitorModel(), &ClusterViewModel::addFault);
    connect(monitor, &MonitorPanel::stateChanged, this, [this, monitor](MonitorPanel::State state) {
        if (state == MonitorPanel::State::Starting) {  // a new monitor: its own faults and times
            live_->monitorModel()->clearFaults();
            live_->monitorModel()->resetTimes();
            live_->monitorModel()->setTopic(monitor->topic());
        }
        live_->showMonitor(monitorInFront());
    });
    connect(central_, &QTabWidget::currentChanged, this, [this] { live_->showMonitor(monitorInFront()); });
    connect(live_, &LiveClusterView::faultRequested, this, [this](const QString& spec) {
        if (monitorInFront()) central_->monitor()->fireFault(spec);
        else fireFault(spec);
    });
    connect(controller_, &RunController::aboutToReplaceSession, dlq_, &DlqPanel::sessionEnding);
    // The DLQ tail reads the run's clusters: it stops on the worker that tears them down, before they go.
    dlq_->inspector()->setBackground([controller = QPointer<RunController>(controller_)](std::function<void()> task) {
        if (controller) controller->runInBackground(std::move(task));
        else task();
    });
    connect(controller_, &RunController::aboutToReplaceSession, cluster_, &ClusterPanel::unwatch);
    connect(controller_, &RunController::startFailed, this, [this](const QString& error) {
        traffic_->setRunning(false);
        status_->showProblem(tr("Cannot start: %1").arg(error));
        logNote("error", "run", tr("Cannot start: %1").arg(error));
    });
    connect(controller_, &RunController::started, this, &MainWindow::onStarted);
    connect(scenarios_, &ScenarioPanel::note, this, [this](const QString& severity, const QString& code, const QString& text) {
        logNote(severity, code, text);
        if (severity == "error") status_->showProblem(text);
    });
    connect(controller_, &RunController::snapshotTaken, this, &MainWindow::onSnapshot);
    connect(controller_, &RunController::faultFired, this, &MainWindow::onFault);
    connect(controller_, &RunController::e2eTaken, this, [this](int run, const E2eSnapshot& e) {
        plots_->addE2ePoints(run, e.points);
        compare_->updateE2e(run, e.totals);
        now_->setE2e(run, e.totals, e.state);
    });
    connect(controller_, &RunController::ticked, this, &MainWindow::onTicked);
    connect(controller_, &RunController::finished, this, &MainWindow::onFinished);
    connect(controller_, &RunController::auditFinished, this, [this] {
        compare_->setRecords(controller_->records());
        dlq_->runFinished(controller_->records());
        logNote("info", "audit", tr("Audit finished: lost / duplicated counted in the Compare table."));
    });
    restoreSettings();
    status_->setCluster(cluster_->describe());
    cluster_->setTopic(traffic_->spec().topic, traffic_->spec().partitions);
    cluster_->republish();  // the live view shows the cluster before any run
}

MainWindow::~MainWindow() {
    central_->monitor()->shutdown();  // it may use the Local Kafka the cluster panel owns
    dlq_->sessionEnding();  // the DLQ tail reads from the session's clusters: stop it before they go
}

void MainWindow::buildDocks() {
    setupTabs_ = new QTabWidget;
    setupTabs_->addTab(profile_, tr("Profile"));
    setupTabs_->addTab(scrolled(cluster_), tr("Cluster"));
    setupTabs_->addTab(scrolled(traffic_), tr("Traffic"));
    setupTabs_->addTab(scrolled(faults_), tr("Faults"));
    setupTabs_->addTab(scrolled(scenarios_), tr("Scenarios"));
    auto* setup = new QDockWidget(tr("Setup"), this);
    setup->setObjectName("setupDock");
    setup->setWidget(setupTabs_);
    setup->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, setup);

    logView_ = new QTreeView;
    logView_->setModel(log_);
    logView_->setRootIsDecorated(false);
    logView_->setUniformRowHeights(true);  // fast with many rows
    logView_->setAlternatingRowColors(false);
    logView_->header()->setStretchLastSection(true);
    logView_->setColumnWidth(EventLogModel::Time, 60);
    logView_->setColumnWidth(EventLogModel::Profile, 80);
    logView_->setColumnWidth(EventLogModel::Class, 75);
    logView_->setColumnWidth(EventLogModel::Code, 210);
    logView_->setColumnWidth(EventLogModel::Count, 55);
    logView_->setColumnWidth(EventLogModel::Message, 420);
    compareView_ = new QTableView;
    compareView_->setModel(compare_);
    compareView_->verticalHeader()->hide();
    compareView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* compareTab = new QWidget;
    auto* compareLayout = new QVBoxLayout(compareTab);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareNoteBox_ = new QWidget(compareTab);
    auto* noteLayout = new QHBoxLayout(compareNoteBox_);
    noteLayout->setContentsMargins(6, 2, 6, 2);
    compareNote_ = new QLabel(compareNoteBox_);
    compareNote_->setObjectName("compareNote");
    compareNote_->setWordWrap(true);
    auto* toLocal = new QPushButton(tr("See it on Local Kafka"), compareNoteBox_);
    toLocal->setObjectName("compareOnLocalKafka");
    toLocal->setToolTip(tr("Starts 3 real Kafka brokers on 127.0.0.1 (when they are not running) and chooses them"));
    connect(toLocal, &QPushButton::clicked, this, [this] {
        cluster_->switchToLocalKafka();
        showSetupTab("Cluster");
        logNote("info", "cluster", tr("Switching to Local Kafka: 3 real brokers with replication, so acks=1 and acks=all differ."));
    });
    noteLayout->addWidget(compareNote_, 1);
    noteLayout->addWidget(toLocal);
    compareNoteBox_->setStyleSheet("background: #fff3cd;");
    compareNoteBox_->hide();
    compareLayout->addWidget(compareNoteBox_);
    compareLayout->addWidget(compareView_, 1);
    resultTabs_ = new QTabWidget;
    resultTabs_->addTab(logView_, tr("Events"));
    resultTabs_->addTab(compareTab, tr("Compare"));
    resultTabs_->addTab(dlq_, tr("DLQ"));
    auto* save = new QPushButton(tr("Save report…"));
    save->setObjectName("saveRunReport");
    save->setToolTip(tr("HTML report with plots, JSON report and CSV timeline of the last run"));
    connect(save, &QPushButton::clicked, this, &MainWindow::askSaveReport);
    resultTabs_->setCornerWidget(save);
    // Bottom: what each producer is doing now and why (one card per profile, side by side), beside the
    // events, the compare table and the DLQ.
    now_ = new NowPanel;
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(scrolled(now_));
    bottom->addWidget(resultTabs_);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({3000, 2000});  // proportions: the cards get the larger share
    resultTabs_->setMinimumWidth(300);
    auto* results = new QDockWidget(tr("Producers now, and results"), this);
    resultsDock_ = results;
    results->setObjectName("resultsDock");
    results->setWidget(bottom);
    results->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, results);

    // Right: what the cluster is doing, beside the plots.
    live_ = new LiveClusterView;
    live_->setMinimumWidth(260);
    auto* liveDock = new QDockWidget(tr("Cluster, live"), this);
    liveDock->setObjectName("liveDock");
    liveDock->setWidget(live_);
    liveDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::RightDockWidgetArea, liveDock);
    resizeDocks({setup, liveDock}, {420, 360}, Qt::Horizontal);
    resizeDocks({results}, {260}, Qt::Vertical);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &scenario…"), this, [this] {
        showSetupTab("Scenarios");
        const QString path = Dialogs::openFile(this, tr("Open scenario"), tr("Scenario (*.json);;All files (*)"));
        if (!path.isEmpty()) scenarios_->openFile(path);
    });
    file->addAction(tr("Save &report…"), this, &MainWindow::askSaveReport);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close);
    auto* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Start the composed profile"), QKeySequence(Qt::CTRL | Qt::Key_R), traffic_, &TrafficPanel::clickStart);
    run->addAction(tr("&Compare acks=all, acks=1 and acks=0"), QKeySequence(Qt::CTRL | Qt::Key_L), traffic_, &TrafficPanel::clickLesson);
    run->addAction(tr("S&top"), QKeySequence(Qt::CTRL | Qt::Key_Period), traffic_, &TrafficPanel::clickStop);
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Dead-letter queue"), this, [this] { focusResultsTab("DLQ"); });
    view->addAction(tr("Scenarios"), this, [this] { showSetupTab("Scenarios"); });
    view->addAction(tr("Runs"), this, [this] { central_->showPage("Runs"); });
    view->addAction(tr("Diagnose this producer on this cluster"), this, [this] { central_->showPage("Diagnose"); });
    view->addAction(tr("Advise a profile from requirements"), this, [this] { central_->showPage("Advise"); });
    view->addAction(tr("Monitor mode"), this, [this] {
        central_->showPage("Monitor");
        showSetupTab("Cluster");
    });
    menuBar()->addMenu(tr("&Help"))->addAction(tr("&About AckLab"), this, [this] { AboutDialog::showFor(this); });
}

void MainWindow::focusSetupTab(const QString& name) {
    showSetupTab(name);
    resizeDocks({resultsDock_}, {height() / 5}, Qt::Vertical);
}

void MainWindow::focusResultsTab(const QString& name) {
    showResultsTab(name);
    resizeDocks({resultsDock_}, {height() * 11 / 20}, Qt::Vertical);
}

void MainWindow::askSaveReport() {
    if (controller_->records().empty()) {
        status_->showProblem(tr("No finished run yet: Save report writes the last run's report."));
        return;
    }
    const QString path = Dialogs::saveFile(this, tr("Save run report"), tr("HTML report (*.html)"), "acklab-report.html");
    if (path.isEmpty()) return;
    QString error;
    if (!saveRunReport(path, &error)) Dialogs::error(this, tr("Save report"), error);
}

bool MainWindow::saveRunReport(const QString& chosen, QString* error) {
    QString title = tr("AckLab run: %1 on %2").arg(controller_->profileNames().join(" vs "), controller_->clusterDescription());
    const QStringList written = ReportWriter::saveRuns(chosen, controller_->records(), title, error);
    if (written.isEmpty()) return false;
    logNote("info", "report", tr("Report written: %1").arg(written.join(", ")));
    status_->showMessage(tr("Report written: %1").arg(written.first()), 8000);
    return true;
}

bool MainWindow::monitorInFront() const {
    return central_->currentPage() == central_->monitor() && central_->monitor()->state() == MonitorPanel::State::Running;
}

void MainWindow::showSetupTab(const QString& name) {
    for (int i = 0; i < setupTabs_->count(); ++i)
        if (setupTabs_->tabText(i) == name) setupTabs_->setCurrentIndex(i);
}

void MainWindow::showResultsTab(const QString& name) {
    for (int i = 0; i < resultTabs_->count(); ++i)
        if (resultTabs_->tabText(i) == name) resultTabs_->setCurrentIndex(i);
}

bool MainWindow::startComposed() {
    profile_->validateNow();
    if (!profile_->lastValidation().ok()) {
        status_->showProblem(tr("The profile has errors: see the marked fields in the Profile tab."));
        logNote("error", "profile", tr("Not started: profile '%1' is not valid.").arg(QString::fromStdString(profile_->profile().name())),
                QString::fromStdString(profile_->lastValidation().summary()));
        showSetupTab("Profile");
        return false;
    }
    return startRun({profile_->profile()});
}

bool MainWindow::startCompare(const QStringList& names) {
    std::vector<ProducerProfile> profiles;
    for (const auto& n : names) {
        try {
            profiles.push_back(n == "composer" ? profile_->profile() : resolveProfile(n.toStdString()));
        } catch (const std::exception& e) {
            status_->showProblem(QString::fromStdString(e.what()));
            logNote("error", "compare", QString::fromStdString(e.what()));
            return false;
        }
    }
    if (profiles.size() < 2) {
        status_->showProblem(tr("Compare needs at least two profiles."));
        return false;
    }
    showResultsTab("Compare");
    return startRun(std::move(profiles));
}

bool MainWindow::startRun(std::vector<ProducerProfile> profiles) {
    RunSpec spec;
    spec.cluster = cluster_->choice();
    spec.profiles = profiles;
    spec.traffic = traffic_->spec();
    spec.faults = scheduled_;
    spec.audit = traffic_->audit();
    // The live end-to-end consumer: on for real clusters (where loss and duplicates are real), asked for on embedded.
    spec.e2e = traffic_->e2e() || spec.cluster.kind != ClusterChoice::Kind::Embedded;
    // 40 ms intervals: 25 new aggregates a second, so each plot of the ~30 Hz view can move up to 25 times a second
    // (with 100 ms it could only move 10 times, however often it replotted).
    spec.intervalMs = 40;
    // The now panel reads librdkafka's statistics (broker connection states, queues): twice a second.
    spec.statisticsIntervalMs = 500;
    try {
        spec.traffic.validate();
    } catch (const std::exception& e) {
        status_->showProblem(QString::fromStdString(e.what()));
        logNote("error", "traffic", QString::fromStdString(e.what()));
        return false;
    }
    if (player_->playing()) {
        status_->showProblem(tr("A scenario is playing: stop it first (Scenarios tab)."));
        return false;
    }
    if (cluster_->kindName() == "local" && !cluster_->sharedCluster()) {
        status_->showProblem(tr("Local Kafka is not running: press Up in the Cluster tab (or choose Embedded)."));
        logNote("error", "run", tr("Not started: Local Kafka is not running."));
        showSetupTab("Cluster");
        return false;
    }
    QString error;
    if (!controller_->start(std::move(spec), cluster_->sharedCluster(), &error)) {
        status_->showProblem(tr("Cannot start: %1").arg(error));
        logNote("error", "run", tr("Cannot start: %1").arg(error));
        return false;
    }
    traffic_->setRunning(true);
    traffic_->setProgress(-1, tr("starting…"));
    return true;
}

// Every run, composed or played from a scenario, resets the views the same way.
void MainWindow::onStarted() {
    RunSession* session = controller_->session();
    const RunSpec& spec = session->spec();
    const QStringList names = controller_->profileNames();
    central_->showPage("Runs");  // started from the Diagnose, Advise or Monitor page too: its plots are what moves now
    plots_->reset(names, controller_->intervalMs(), spec.e2e, spec.traffic.transaction.enabled());
    compare_->reset(spec.profiles, spec.audit);
    for (int c = 0; c < CompareTableModel::ColumnCount; ++c)
        if (CompareTableModel::isTransactionColumn(c)) compareView_->setColumnHidden(c, !spec.traffic.transaction.enabled());
    static const char* kinds[] = {"embedded", "external", "local"};
    const QString kind = kinds[static_cast<int>(spec.cluster.kind)];
    faults_->setRunningOn(kind, spec.cluster.brokers);
    traffic_->setRunning(true);
    status_->setCluster(controller_->clusterDescription());
    runClock_.start();
    live_->model()->clearFaults();
    live_->model()->resetTimes();
    live_->model()->setTopic(QString::fromStdString(spec.traffic.topic));
    live_->setFaultKind(kind == "external" ? QString() : kind);
    cluster_->watch(session, runClock_);
    dlq_->sessionStarted(*session);
    runs_.assign(spec.profiles.size(), LiveRun{});
    for (size_t i = 0; i < spec.profiles.size(); ++i) {
        ProducerProfile p = spec.profiles[i];
        for (const auto& [k, v] : validateProfile(p).effective) runs_[i].properties[k] = v;
    }
    now_->setProfiles(names);
    nowRefresh_.invalidate();
    updateCompareNote();
    runSeconds_ = 0;
    logNote("info", "run", tr("Started %1 on %2").arg(names.join(", "), controller_->clusterDescription()));
}

void MainWindow::stopRun() {
    player_->stop();  // a scenario plays no further repeats
    if (!controller_->running()) return;
    controller_->stop();
    logNote("info", "run", tr("Stop requested: flushing what is in flight."));
}

bool MainWindow::fireFault(const QString& text) {
    if (!controller_->running()) {
        faults_->setResult(tr("Faults fire during a run: start one first."), false);
        return false;
    }
    FaultSpec spec;
    try {
        spec = FaultSpec::parse(text.toStdString());
    } catch (const std::exception& e) {
        faults_->setResult(QString::fromStdString(e.what()), false);
        return false;
    }
    if (spec.isProcessKind()) {
        controller_->fireInBackground(spec);  // a restart waits until the node serves: off the UI thread
        faults_->setResult(tr("Firing '%1'…").arg(text), true);
        return true;
    }
    const FiredFault r = controller_->fireNow(spec);
    faults_->setResult(QString("%1: %2").arg(QString::fromStdString(r.spec), QString::fromStdString(r.result)), r.ok);
    return r.ok;
}

void MainWindow::onSnapshot(int run, const RunSnapshot& s) {
    plots_->addSnapshot(run, s);
    compare_->updateLive(run, s);
    const QStringList names = controller_->profileNames();
    log_->appendRunEvents(run < names.size() ? names[run] : QString(), s.events);
    if (run >= 0 && static_cast<size_t>(run) < runs_.size()) runs_[static_cast<size_t>(run)].absorb(s, controller_->intervalMs());
}

void MainWindow::onFault(int run, const FiredFault& f) {
    plots_->addFault(run, f);
    if (run == 0 || !f.ok) live_->model()->addFault(f);
    if (f.ok && controller_->session() && controller_->session()->spec().cluster.kind == ClusterChoice::Kind::Local)
        cluster_->refreshLocalStatus();  // a killed or stopped node: show the new leader and ISR
    if (run != 0 && f.ok) return;  // the same fault on every profile's cluster: log it once
    const QStringList names = controller_->profileNames();
    EventLogModel::Entry e;
    e.tSec = static_cast<double>(f.atMs) / 1000.0;
    e.profile = controller_->session() && controller_->session()->spec().cluster.kind == ClusterChoice::Kind::Embedded &&
                        names.size() > 1 && run == 0
                    ? tr("all")
                    : names.value(run);
    e.severity = f.ok ? "warning" : "error";
    e.code = "fault";
    e.message = QString("%1: %2").arg(QString::fromStdString(f.spec), QString::fromStdString(f.result));
    log_->append({e});
    faults_->setResult(e.message, f.ok);
}

void MainWindow::onTicked() {
    plots_->refresh();
    if (runs_.empty()) return;
    updateNow(false);
    // Status and progress from the slowest run.
    quint64 inFlight = 0, backpressure = 0;
    double fraction = 1.0, eta = 0;
    QString state = QString::fromStdString(runs_[0].latest.state);
    for (const auto& r : runs_) {
        const RunSnapshot& s = r.latest;
        inFlight += s.counters.inFlight();
        backpressure += s.counters.backpressure;
        double f = 0;
        if (s.plannedMessages > 0) f = static_cast<double>(s.counters.delivered + s.counters.failed) / static_cast<double>(s.plannedMessages);
        else if (s.plannedDurationMs > 0) f = static_cast<double>(s.elapsedMs) / static_cast<double>(s.plannedDurationMs);
        f = std::clamp(f, 0.0, 1.0);
        if (f < fraction) {
            fraction = f;
            state = QString::fromStdString(s.state);
            const double elapsed = static_cast<double>(s.elapsedMs) / 1000.0;
            eta = f > 0.001 ? elapsed * (1.0 - f) / f : -1;
        }
    }
    runSeconds_ = static_cast<double>(runs_[0].latest.elapsedMs) / 1000.0;
    status_->setProducer(state, inFlight, backpressure);
    if (controller_->running())
        traffic_->setProgress(fraction, tr("%1 — elapsed %2, ETA %3").arg(state, fmtDuration(runSeconds_), fmtDuration(eta)));
}

void MainWindow::onFinished() {
    const auto& records = controller_->records();
    compare_->setRecords(records);
    dlq_->runFinished(records);
    cluster_->refreshLocalStatus();
    traffic_->setRunning(false);
    faults_->setRunningOn({}, 3);
    traffic_->setProgress(1.0, tr("finished after %1").arg(fmtDuration(runSeconds_)));
    for (const auto& r : records) {
        const auto& c = r.result.counters;
        QString text = tr("%1: sent %L2, delivered %L3, failed %L4, DLQ %L5, in flight at end %L6")
                           .arg(QString::fromStdString(r.result.profileName))
                           .arg(c.sent).arg(c.delivered).arg(c.failed).arg(c.dlq()).arg(r.result.inFlightAtEnd);
        if (r.result.fatal) text += tr(" — FATAL: %1").arg(QString::fromStdString(r.result.fatalError));
        if (!r.result.error.empty()) text += " — " + QString::fromStdString(r.result.error);
        logNote(r.result.fatal || !r.result.error.empty() ? "error" : "info", "finished", text);
    }
    status_->setProducer(tr("finished"), 0, runs_.empty() ? 0 : runs_[0].latest.counters.backpressure);
    updateNow(true);
    updateCompareNote();
    plots_->refresh();
    emit runFinished();
}

void MainWindow::updateNow(bool force) {
    // Four to five times a second is what a reader follows; every tick (30 Hz) would only cost layout work.
    if (!force && nowRefresh_.isValid() && nowRefresh_.elapsed() < 200) return;
    nowRefresh_.start();
    const auto* session = controller_->session();
    if (!session) return;
    const std::string topic = session->spec().traffic.topic;
    for (size_t i = 0; i < runs_.size(); ++i) {
        LiveRun& l = runs_[i];
        const NowInput in = l.input(i < session->spec().profiles.size() ? session->spec().profiles[i].name() : std::string(),
                                    topic, *live_->model(), controller_->intervalMs());
        const bool tell = l.explain(in, force);
        now_->setReport(static_cast<int>(i), l.now);
        if (tell) log_->append({l.storyEntry(in.profile)});
    }
}

QString MainWindow::compareNote() const { return compareNoteBox_->isHidden() ? QString() : compareNote_->text(); }

void MainWindow::updateCompareNote() {
    const auto* session = controller_->session();
    const QString note = session ? compareNoteFor(session->spec()) : QString();
    if (!note.isEmpty()) compareNote_->setText(note);
    compareNoteBox_->setVisible(!note.isEmpty());
}

void MainWindow::logNote(const QString& severity, const QString& code, const QString& message, const QString& remedy,
                         std::optional<double> tSec) {
    EventLogModel::Entry e;
    e.tSec = tSec.value_or(runSeconds_);
    e.severity = severity;
    e.code = code;
    e.message = message;
    e.remedy = remedy;
    log_->append({e});
    logView_->scrollToBottom();
}

void MainWindow::restoreSettings() {
    AppSettings s;
    if (!s.windowGeometry().isEmpty()) restoreGeometry(s.windowGeometry());
    else {
        // Room for the setup, the four plots and the cluster view side by side, but never more than the screen
        // has (a window wider than the screen hides the cluster view and the status bar's right end).
        const QSize wanted(1680, 1000);
        const QScreen* sc = screen();
        resize(sc != nullptr ? wanted.boundedTo(sc->availableGeometry().size()) : wanted);
        // The docks' widths for this size (set before the size was known, they shrank to their minimums on a laptop
        // screen, and the profile form's fields were cut to "defaul").
        auto* setup = findChild<QDockWidget*>("setupDock");
        auto* live = findChild<QDockWidget*>("liveDock");
        if (setup && live) resizeDocks({setup, live}, {std::max(340, width() * 28 / 100), std::max(260, width() / 5)}, Qt::Horizontal);
    }
    if (!s.windowState().isEmpty()) restoreState(s.windowState());
    try {
        if (auto p = s.lastProfile()) profile_->setProfile(*p);
    } catch (const std::exception& e) {
        status_->showProblem(tr("Last profile not restored: %1").arg(e.what()));
    }
    cluster_->setEmbeddedBrokers(s.embeddedBrokers());
    cluster_->setKind(s.clusterKind());
    try {
        if (auto t = s.traffic()) traffic_->setSpec(*t);
    } catch (const std::exception& e) {
        status_->showProblem(tr("Last traffic settings not restored: %1").arg(e.what()));
    }
}

void MainWindow::saveSettings() {
    AppSettings s;
    s.setWindowGeometry(saveGeometry());
    s.setWindowState(saveState());
    s.saveLastProfile(profile_->profile());
    s.setClusterKind(cluster_->kindName());
    s.setEmbeddedBrokers(cluster_->choice().brokers);
    s.saveTraffic(traffic_->spec());
    s.sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    if (controller_->running()) controller_->stop();
    QMainWindow::closeEvent(event);
}

}  // namespace acklab::ui
