#include "monitor/MonitorPanel.h"

#include "cluster/ClusterPanel.h"
#include "cluster/EmbeddedCluster.h"
#include "cluster/ExternalCluster.h"
#include "cluster/FaultSpec.h"
#include "common/Duration.h"
#include "common/Format.h"
#include "monitor/MonitorPlot.h"
#include "profile/Presets.h"
#include "profile/ProfileValidator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <mutex>

namespace acklab::ui {

// What the metrics endpoint serves: the live monitor's text, or the last one's final text once it is gone.
struct MonitorPanel::MetricsSource {
    std::mutex mutex;
    std::weak_ptr<Monitor> monitor;
    std::string final;
    std::string text() {
        std::lock_guard lock(mutex);
        if (auto m = monitor.lock()) return m->prometheusText();
        return final;
    }
};

namespace {

QString ms(int64_t us) { return QString::number(static_cast<double>(us) / 1000.0, 'f', 1); }

QString percent(double ratio) {
    if (ratio >= 1.0) return "100 %";
    return QString::number(100.0 * ratio, 'f', ratio > 0.999 ? 3 : 2) + " %";
}

QString duration(int64_t ms) { return QString::fromStdString(readableDuration(static_cast<double>(ms) / 1000.0)); }

enum Column { Window, Produce, E2e, Delivery, E2eLatency, Loss, Duplicates, Errors, ColumnCount };

}  // namespace

MonitorPanel::MonitorPanel(ClusterPanel* cluster, std::function<ProducerProfile()> currentProfile, QWidget* parent)
    : QWidget(parent), clusterPanel_(cluster), currentProfile_(std::move(currentProfile)) {
    setObjectName("monitorPanel");
    profile_ = new QComboBox;
    profile_->setObjectName("monitorProfile");
    profile_->addItem(tr("The Profile tab's"), QString());
    for (const auto& p : builtinPresets()) profile_->addItem(QString::fromStdString(p.name()), QString::fromStdString(p.name()));
    profile_->setCurrentIndex(profile_->findData("critical"));
    rate_ = new QDoubleSpinBox;
    rate_->setObjectName("monitorRate");
    rate_->setRange(0.1, 100000);
    rate_->setDecimals(1);
    rate_->setValue(10);
    rate_->setSuffix(tr(" msgs/s"));
    rate_->setToolTip(tr("A monitor sends a low steady stream: enough to see every second, little load on the cluster"));
    topic_ = new QLineEdit("acklab-monitor");
    topic_->setObjectName("monitorTopic");
    metricsOn_ = new QCheckBox(tr("Prometheus endpoint"));
    metricsOn_->setObjectName("monitorMetricsOn");
    metricsAddress_ = new QLineEdit("127.0.0.1:9464");
    metricsAddress_->setObjectName("monitorMetricsAddress");
    metricsAddress_->setToolTip(tr("HOST:PORT to serve /metrics on (port 0: any free port)"));
    startStop_ = new QPushButton(tr("Start monitor"));
    startStop_->setObjectName("monitorStartStop");
    fault_ = new QLineEdit("down broker=leader for=20s");
    fault_->setObjectName("monitorFault");
    fault_->setToolTip(tr("A fault on the monitored cluster, e.g. 'down broker=leader for=20s' (embedded) or "
                          "'kill broker=leader for=30s' (Local Kafka)"));
    fire_ = new QPushButton(tr("Fire"));
    fire_->setObjectName("monitorFire");
    fire_->setEnabled(false);

    auto* form = new QHBoxLayout;
    auto* left = new QFormLayout;
    left->addRow(tr("Profile"), profile_);
    left->addRow(tr("Rate"), rate_);
    auto* right = new QFormLayout;
    right->addRow(tr("Topic"), topic_);
    auto* metricsRow = new QHBoxLayout;
    metricsRow->addWidget(metricsOn_);
    metricsRow->addWidget(metricsAddress_, 1);
    right->addRow(metricsRow);
    auto* actions = new QVBoxLayout;
    actions->addWidget(startStop_);
    auto* faultRow = new QHBoxLayout;
    faultRow->addWidget(fault_, 1);
    faultRow->addWidget(fire_);
    actions->addLayout(faultRow);
    form->addLayout(left, 1);
    form->addLayout(right, 2);
    form->addLayout(actions, 2);

    status_ = new QLabel;
    status_->setObjectName("monitorStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    table_ = new QTableWidget(3, ColumnCount);
    table_->setObjectName("monitorWindows");
    // Two-line headers: the columns stay as wide as their values on a small screen instead of clipping the names.
    table_->setHorizontalHeaderLabels({tr("Window"), tr("Produce\navailability"), tr("End-to-end\navailability"),
                                       tr("Delivery\np50 / p99 ms"), tr("End-to-end\np50 / p99 ms"), tr("Lost"), tr("Dup."),
                                       tr("Errors\nt / p / f")});
    table_->horizontalHeaderItem(Produce)->setToolTip(tr("Messages acknowledged within 1 s, against every message judged "
                                                         "(failed, late, or waiting past 1 s count against it)"));
    table_->horizontalHeaderItem(E2e)->setToolTip(tr("Records read back, against those sent and those declared lost"));
    table_->horizontalHeaderItem(Loss)->setToolTip(tr("Acknowledged records not read back after catch-up and the grace period"));
    table_->horizontalHeaderItem(Duplicates)->setToolTip(tr("Extra copies read back (retries without idempotence)"));
    table_->horizontalHeaderItem(Errors)->setToolTip(tr("Failed messages by class: transient / permanent / fatal"));
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const QStringList names{tr("last 1 min"), tr("last 5 min"), tr("last 1 h")};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < ColumnCount; ++c) table_->setItem(r, c, new QTableWidgetItem(c == Window ? names[r] : "–"));
    }
    table_->setFixedHeight(table_->horizontalHeader()->sizeHint().height() + 3 * table_->verticalHeader()->defaultSectionSize() +
                           2 * table_->frameWidth() + 2);

    plot_ = new MonitorPlot;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(status_);
    layout->addWidget(table_);
    layout->addWidget(plot_, 1);

    poll_ = new QTimer(this);
    poll_->setInterval(500);
    connect(poll_, &QTimer::timeout, this, &MonitorPanel::poll);
    connect(startStop_, &QPushButton::clicked, this, [this] {
        if (state_ == State::Idle) {
            QString error;
            if (!start(&error)) {
                status_->setText(QStringLiteral("<b style='color:#b00020'>%1</b>").arg(error.toHtmlEscaped()));
                emit message("error", error);
            }
        } else if (state_ == State::Running) {
            stop();
        }
    });
    connect(fire_, &QPushButton::clicked, this, [this] { fireFault(fault_->text()); });
    connect(fault_, &QLineEdit::returnPressed, this, [this] { fireFault(fault_->text()); });
    status_->setText(tr("Monitor mode sends a steady stream to the cluster chosen in the Cluster tab and reads it back, "
                        "until you stop it: what a client of that cluster lives through, minute by minute and hour "
                        "by hour."));
}

MonitorPanel::~MonitorPanel() { shutdown(); }

void MonitorPanel::setRate(double perSecond) { rate_->setValue(perSecond); }
void MonitorPanel::setTopic(const QString& topic) { topic_->setText(topic); }
void MonitorPanel::setMetricsAddress(const QString& hostPort) {
    metricsOn_->setChecked(!hostPort.isEmpty());
    if (!hostPort.isEmpty()) metricsAddress_->setText(hostPort);
}

QString MonitorPanel::metricsUrl() const { return QString::fromStdString(metrics_.url()); }

void MonitorPanel::setState(State s) {
    state_ = s;
    const bool idle = s == State::Idle;
    for (QWidget* w : std::initializer_list<QWidget*>{profile_, rate_, topic_, metricsOn_, metricsAddress_}) w->setEnabled(idle);
    startStop_->setEnabled(idle || s == State::Running);
    startStop_->setText(idle ? tr("Start monitor") : s == State::Starting ? tr("Starting…")
                                                   : s == State::Stopping ? tr("Stopping…") : tr("Stop monitor"));
    fire_->setEnabled(s == State::Running);
    emit stateChanged(s);
}

bool MonitorPanel::start(QString* error) {
    auto fail = [error](const QString& text) {
        if (error) *error = text;
        return false;
    };
    if (state_ != State::Idle) return fail(tr("A monitor is already running: stop it first."));
    MonitorOptions o;
    try {
        const QString preset = profile_->currentData().toString();
        o.profile = preset.isEmpty() ? currentProfile_() : resolveProfile(preset.toStdString());
    } catch (const std::exception& e) {
        return fail(tr("Profile: %1").arg(QString::fromUtf8(e.what())));
    }
    if (const auto v = validateProfile(o.profile); !v.ok()) {
        QString text = tr("Profile '%1' is not valid:").arg(QString::fromStdString(o.profile.name()));
        for (const auto& i : v.issues)
            if (i.severity == ValidationIssue::Severity::Error) text += " " + QString::fromStdString((i.key.empty() ? "" : i.key + ": ") + i.message);
        return fail(text);
    }
    o.topic = topic_->text().trimmed().toStdString();
    if (o.topic.empty()) return fail(tr("Topic: empty"));
    o.rate = rate_->value();
    const ClusterChoice choice = clusterPanel_->choice();
    Cluster* shared = nullptr;
    if (choice.kind == ClusterChoice::Kind::Local) {
        shared = clusterPanel_->sharedCluster();
        if (!shared) return fail(tr("Local Kafka is not running: start it in the Cluster tab first."));
    } else if (choice.kind == ClusterChoice::Kind::External && choice.bootstrap.empty()) {
        return fail(tr("External cluster: no bootstrap servers (Cluster tab)."));
    }

    auto source = std::make_shared<MetricsSource>();
    metricsSource_ = source;
    metrics_.stop();
    if (metricsOn_->isChecked()) {
        std::pair<std::string, int> address;
        try {
            address = MetricsServer::parseAddress(metricsAddress_->text().trimmed().toStdString());
        } catch (const std::invalid_argument& e) {
            return fail(tr("Prometheus endpoint: %1").arg(QString::fromUtf8(e.what())));
        }
        std::string err;
        if (metrics_.start(address.first, address.second, [source] { return source->text(); }, &err) < 0)
            return fail(tr("Prometheus endpoint: %1").arg(QString::fromStdString(err)));
    }

    const uint64_t generation = ++generation_;
    last_ = {};
    secondsAt_ = 0;
    plot_->clear();
    setState(State::Starting);
    status_->setText(tr("Starting: creating topic %1 and the producer and consumer…").arg(topic_->text().toHtmlEscaped()));
    QPointer<MonitorPanel> self(this);
    // Fired faults and their undos are told in the log and drawn on the plot when they happen, at the time the
    // scheduler recorded (from the worker or the scheduler's thread; the scheduler counts from the monitor's start).
    FaultScheduler::Listener told = [self, generation](const FiredFault& f) {
        QMetaObject::invokeMethod(self, [self, f, generation] {
            MonitorPanel* panel = self.data();
            if (panel == nullptr) return;
            emit panel->message(f.ok ? "warning" : "error", QString::fromStdString(f.spec) + ": " + QString::fromStdString(f.result),
                                static_cast<double>(f.atMs) / 1000.0);
            if (generation != panel->generation_) return;
            panel->plot_->addFault(f);
            emit panel->faultFired(f);
        }, Qt::QueuedConnection);
    };
    worker_.post([this, self, generation, choice, shared, o = std::move(o), source, told]() mutable {
        auto built = std::make_shared<Built>();
        try {
            if (choice.kind == ClusterChoice::Kind::Embedded)
                built->cluster = std::make_unique<EmbeddedCluster>(choice.brokers, "", choice.rttMs);
            else if (choice.kind == ClusterChoice::Kind::External)
                built->cluster = std::make_unique<ExternalCluster>(choice.bootstrap, choice.properties);
            Cluster& c = built->cluster ? *built->cluster : *shared;
            const std::string topic = o.topic;
            built->monitor = std::make_shared<Monitor>(std::move(o), c);
            built->monitor->start();
            built->faults = std::make_shared<FaultScheduler>(c, topic, std::vector<FaultSpec>{}, told);
            built->faults->start(built->monitor->startedAt());
            std::lock_guard lock(source->mutex);
            source->monitor = built->monitor;
        } catch (const std::exception& e) {
            built->error = QString::fromUtf8(e.what());
            built->monitor.reset();
        }
        // `self` as the context: the call is dropped when the panel is gone (and `built` released here).
        QMetaObject::invokeMethod(self, [this, generation, built] { onBuilt(generation, *built); }, Qt::QueuedConnection);
    });
    return true;
}

void MonitorPanel::onBuilt(uint64_t generation, Built& built) {
    if (generation != generation_) return;  // shut down meanwhile: `built` goes with the last reference
    if (!built.error.isEmpty()) {
        metrics_.stop();
        setState(State::Idle);
        const QString text = tr("Cannot start the monitor: %1").arg(built.error);
        status_->setText(QStringLiteral("<b style='color:#b00020'>%1</b>").arg(text.toHtmlEscaped()));
        emit message("error", text);
        return;
    }
    monitor_ = std::move(built.monitor);
    faults_ = std::move(built.faults);
    ownedCluster_ = std::move(built.cluster);
    setState(State::Running);
    poll_->start();
    poll();
    emit message("info", tr("Monitor started on %1 at %2 msgs/s%3")
                             .arg(QString::fromStdString(last_.cluster))
                             .arg(rate_->value())
                             .arg(metrics_.running() ? tr(", metrics at %1").arg(metricsUrl()) : QString()));
}

void MonitorPanel::poll() {
    if (!monitor_) return;
    Cluster* cluster = ownedCluster_ ? ownedCluster_.get() : clusterPanel_->sharedCluster();
    if (cluster && !viewBusy_ && state_ == State::Running) {
        // Metadata on Local Kafka and External can take a moment: read on the worker, shown when it comes.
        viewBusy_ = true;
        QPointer<MonitorPanel> self(this);
        const std::string topic = last_.topic.empty() ? topic_->text().toStdString() : last_.topic;
        const double at = static_cast<double>(last_.uptimeMs) / 1000.0;
        const QString kind = QString::fromStdString(cluster->kind());
        worker_.post([this, self, cluster, topic, at, kind] {
            ClusterView view = cluster->view(topic);
            QMetaObject::invokeMethod(self, [this, view = std::move(view), at, kind] {
                viewBusy_ = false;
                if (monitor_) emit clusterViewChanged(view, at, kind);
            }, Qt::QueuedConnection);
        });
    }
    MonitorSnapshot s = monitor_->snapshot(secondsAt_);
    secondsAt_ = s.secondsEnd;
    plot_->addSeconds(s.seconds);
    s.seconds.clear();
    last_ = std::move(s);
    showSnapshot();
    plot_->refresh();
}

QString MonitorPanel::statusText() const { return status_->text(); }

void MonitorPanel::showSnapshot() {
    const auto& s = last_;
    const auto& e = s.e2e.totals;
    QString text = tr("<b>%1</b> — %2 on <b>%3</b>, topic %4, profile %5, %6 msgs/s, for %7.")
                       .arg(s.state == "running" ? tr("Monitoring") : QString::fromStdString(s.state).toHtmlEscaped())
                       .arg(QString::fromStdString(s.runId).toHtmlEscaped())
                       .arg(QString::fromStdString(s.cluster).toHtmlEscaped())
                       .arg(QString::fromStdString(s.topic).toHtmlEscaped())
                       .arg(QString::fromStdString(s.profile).toHtmlEscaped())
                       .arg(s.rate)
                       .arg(duration(s.uptimeMs));
    text += "<br>" + tr("Sent %1, delivered %2, failed %3, in flight %4 · read back %5, <b>lost %6</b>, duplicated %7, "
                        "reordered %8, arrived unacknowledged %9")
                         .arg(QString::fromStdString(thousands(s.counters.sent)), QString::fromStdString(thousands(s.counters.delivered)),
                              QString::fromStdString(thousands(s.counters.failed)), QString::fromStdString(thousands(s.counters.inFlight())),
                              QString::fromStdString(thousands(e.seen)), QString::fromStdString(thousands(e.lost)),
                              QString::fromStdString(thousands(e.duplicated)), QString::fromStdString(thousands(e.reordered)),
                              QString::fromStdString(thousands(e.arrivedUnacknowledged)));
    if (!s.e2e.error.empty())  // when: a problem long past must not read as the present one
        text += "<br><span style='color:#8a6d00'>" +
                tr("Consumer's last error, at %1 s: %2")
                    .arg(QString::number(static_cast<double>(std::max<int64_t>(s.e2e.errorAtMs, 0)) / 1000.0, 'f', 1),
                         QString::fromStdString(s.e2e.error).toHtmlEscaped()) +
                "</span>";
    if (metrics_.running()) text += "<br>" + tr("Prometheus: %1").arg(metricsUrl().toHtmlEscaped());
    status_->setText(text);

    for (size_t r = 0; r < s.windows.size() && r < 3; ++r) {
        const auto& w = s.windows[r].sum;
        const int row = static_cast<int>(r);
        auto set = [&](int column, const QString& value, const QColor& color = {}) {
            auto* item = table_->item(row, column);
            item->setText(value);
            item->setForeground(color.isValid() ? QBrush(color) : QBrush());
        };
        const QColor bad(176, 0, 32);
        set(Produce, percent(w.produceAvailability()), w.produceAvailability() < 0.999 ? bad : QColor());
        set(E2e, percent(w.e2eAvailability()), w.e2eAvailability() < 0.999 ? bad : QColor());
        set(Delivery, w.delivery.count() ? ms(w.delivery.percentile(0.5)) + " / " + ms(w.delivery.percentile(0.99)) : "–");
        set(E2eLatency, w.e2e.count() ? ms(w.e2e.percentile(0.5)) + " / " + ms(w.e2e.percentile(0.99)) : "–");
        set(Loss, QString("%1 (%2)").arg(w.newlyLost).arg(percent(w.lossRatio()).replace("100 %", "0 %")), w.newlyLost ? bad : QColor());
        set(Duplicates, QString::number(w.duplicated), w.duplicated ? bad : QColor());
        auto cls = [&](const char* c) {
            const auto it = w.errorsByClass.find(c);
            return QString::number(it == w.errorsByClass.end() ? 0 : it->second);
        };
        set(Errors, cls("transient") + " / " + cls("permanent") + " / " + cls("fatal"), w.failed ? bad : QColor());
    }
}

void MonitorPanel::stop() {
    if (state_ != State::Running || !monitor_) return;
    setState(State::Stopping);
    status_->setText(status_->text() + "<br>" + tr("Stopping: waiting for the last reports and the consumer's judgement…"));
    QPointer<MonitorPanel> self(this);
    std::shared_ptr<Monitor> monitor = monitor_;
    std::shared_ptr<FaultScheduler> faults = faults_;
    const uint64_t generation = generation_;
    worker_.post([this, self, monitor, faults, generation] {
        faults->stop();  // what a for= fault still holds broken comes back first: the last reports can then arrive
        monitor->stop();
        QMetaObject::invokeMethod(self, [this, generation] {
            if (generation == generation_) finishStop();
        }, Qt::QueuedConnection);
    });
}

void MonitorPanel::finishStop() {
    poll();
    poll_->stop();
    // The endpoint goes on serving the final values (Prometheus' last scrape sees them) until the next start.
    // The monitor and its cluster are released on the worker (librdkafka's destroy can take a moment).
    auto monitor = std::move(monitor_);
    if (metricsSource_) {
        const std::string text = monitor->prometheusText();
        std::lock_guard lock(metricsSource_->mutex);
        metricsSource_->final = text;
        metricsSource_->monitor.reset();
    }
    auto owned = std::shared_ptr<Cluster>(std::move(ownedCluster_));
    worker_.post([faults = std::move(faults_), monitor = std::move(monitor), owned = std::move(owned)]() mutable {
        faults.reset();
        monitor.reset();
        owned.reset();
    });
    setState(State::Idle);
    emit message("info", tr("Monitor stopped after %1: sent %2, lost %3, duplicated %4")
                             .arg(duration(last_.uptimeMs))
                             .arg(last_.counters.sent)
                             .arg(last_.e2e.totals.lost)
                             .arg(last_.e2e.totals.duplicated));
}

QString MonitorPanel::topic() const { return topic_->text().trimmed(); }

void MonitorPanel::fireFault(const QString& text) {
    if (state_ != State::Running || !monitor_) return;
    FaultSpec fault;
    try {
        fault = FaultSpec::parse(text.trimmed().toStdString());
    } catch (const FaultSpecError& e) {
        emit message("error", QString::fromUtf8(e.what()));
        status_->setText(status_->text() + "<br><b style='color:#b00020'>" + QString::fromUtf8(e.what()).toHtmlEscaped() + "</b>");
        return;
    }
    Cluster* cluster = ownedCluster_ ? ownedCluster_.get() : clusterPanel_->sharedCluster();
    if (!cluster || !cluster->supportsFault(fault)) {
        emit message("error", tr("'%1' is not a fault this cluster can take").arg(text));
        return;
    }
    // The scheduler fires it on the worker (a Local Kafka fault can take a moment) and undoes a for= fault by
    // itself, on the node it hit; the log tells both.
    worker_.post([faults = faults_, fault] { faults->fireNow(fault); });
}

void MonitorPanel::shutdown() {
    if (monitor_ && state_ == State::Running) {
        std::shared_ptr<Monitor> monitor = monitor_;
        worker_.post([monitor, faults = faults_] {
            faults->stop();
            monitor->stop();
        });
    }
    ++generation_;  // late results of a start under way are dropped
    poll_->stop();
    worker_.waitIdle();
    faults_.reset();
    monitor_.reset();
    ownedCluster_.reset();
    worker_.waitIdle();
    metrics_.stop();
    if (state_ != State::Idle) setState(State::Idle);
}

}  // namespace acklab::ui
