#include "cluster/ClusterPanel.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/ExternalCluster.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#if __has_include("cluster/LocalKafkaCluster.h")
#include "cluster/LocalKafkaCluster.h"
#define ACKLAB_HAS_LOCAL_KAFKA 1
#else
#define ACKLAB_HAS_LOCAL_KAFKA 0
namespace acklab {
class LocalKafkaCluster : public Cluster {};
}  // namespace acklab
#endif

namespace acklab::ui {

ClusterPanel::ClusterPanel(QWidget* parent)
    : QWidget(parent), kind_(new QComboBox(this)), pages_(new QStackedWidget(this)), limits_(new QLabel(this)),
      poll_(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    kind_->addItem(tr("Embedded (librdkafka mock cluster, in-process)"), "embedded");
    kind_->addItem(tr("Local Kafka (real Apache Kafka processes on 127.0.0.1)"), "local");
    kind_->addItem(tr("External (any bootstrap servers)"), "external");
    kind_->setObjectName("clusterKind");
    form->addRow(tr("Cluster"), kind_);
    layout->addLayout(form);
    pages_->addWidget(buildEmbeddedPage());
    pages_->addWidget(buildLocalPage());
    pages_->addWidget(buildExternalPage());
    layout->addWidget(pages_);

    auto* where = new QLabel(tr("The live cluster view (brokers, partitions, ISR) is on the right, beside the plots."), this);
    where->setWordWrap(true);  // unwrapped, it set the tab's width: wider than the dock on a laptop screen
    layout->addWidget(where);
    limits_->setWordWrap(true);
    limits_->setObjectName("clusterLimits");
    limits_->setTextFormat(Qt::RichText);
    layout->addWidget(limits_);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this](int i) {
        pages_->setCurrentIndex(i);
        rebuildPreview();
        emit changed();
    });
    connect(poll_, &QTimer::timeout, this, &ClusterPanel::poll);
    layout->addStretch();
    rebuildPreview();
}

ClusterPanel::~ClusterPanel() { poll_->stop(); }

QWidget* ClusterPanel::buildEmbeddedPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    brokers_ = new QSpinBox(page);
    brokers_->setRange(1, 32);
    brokers_->setValue(3);
    brokers_->setObjectName("embeddedBrokers");
    form->addRow(tr("Brokers"), brokers_);
    rtt_ = new QSpinBox(page);
    rtt_->setRange(0, 1000);
    rtt_->setValue(5);
    rtt_->setSuffix(tr(" ms"));
    rtt_->setObjectName("embeddedRtt");
    rtt_->setToolTip(tr("The network model: every broker answers each request this much later, like a real network "
                        "and disk. It is what acks=0 saves: acks=0 does not wait for the answer, acks=1 and all do."));
    form->addRow(tr("Round trip per broker"), rtt_);
    embeddedState_ = new QLabel(page);
    embeddedState_->setWordWrap(true);
    form->addRow(embeddedState_);
    connect(brokers_, &QSpinBox::valueChanged, this, [this] {
        rebuildPreview();
        emit changed();
    });
    connect(rtt_, &QSpinBox::valueChanged, this, [this] {
        rebuildPreview();
        emit changed();
    });
    return page;
}

QWidget* ClusterPanel::buildLocalPage() {
    auto* page = new QWidget(this);
    auto* v = new QVBoxLayout(page);
    localState_ = new QLabel(page);
    localState_->setWordWrap(true);
    v->addWidget(localState_);
    auto* row = new QHBoxLayout;
    localUp_ = new QPushButton(tr("Up (3 nodes)"), page);
    localDown_ = new QPushButton(tr("Down"), page);
    auto* refresh = new QPushButton(tr("Status"), page);
    localStatus_ = refresh;
    row->addWidget(localUp_);
    row->addWidget(localDown_);
    row->addWidget(refresh);
    row->addStretch();
    v->addLayout(row);
    v->addStretch();
#if ACKLAB_HAS_LOCAL_KAFKA
    localUp_->setEnabled(false);
    localDown_->setEnabled(false);
    refresh->setEnabled(false);
    localState_->setText(tr("Checking for java…"));
    connect(localUp_, &QPushButton::clicked, this, [this] { runLocal("up"); });
    connect(localDown_, &QPushButton::clicked, this, [this] { runLocal("down"); });
    connect(refresh, &QPushButton::clicked, this, [this] { runLocal("status"); });
    // java is probed when the page is first chosen, not at launch: launching stays instant.
#else
    localUp_->setEnabled(false);
    localDown_->setEnabled(false);
    refresh->setEnabled(false);
    localState_->setText(tr("This build has no Local Kafka support yet (core/cluster/LocalKafkaCluster.h)."));
#endif
    return page;
}

QWidget* ClusterPanel::buildExternalPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    bootstrap_ = new QLineEdit("localhost:9092", page);
    bootstrap_->setObjectName("externalBootstrap");
    security_ = new QComboBox(page);
    security_->addItems({"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"});
    security_->setObjectName("externalSecurity");
    mechanism_ = new QComboBox(page);
    mechanism_->addItems({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"});
    user_ = new QLineEdit(page);
    user_->setObjectName("externalUser");
    password_ = new QLineEdit(page);
    password_->setObjectName("externalPassword");
    password_->setEchoMode(QLineEdit::Password);  // secrets never shown
    form->addRow(tr("bootstrap.servers"), bootstrap_);
    form->addRow(tr("security.protocol"), security_);
    form->addRow(tr("sasl.mechanism"), mechanism_);
    form->addRow(tr("sasl.username"), user_);
    form->addRow(tr("sasl.password"), password_);
    auto* note = new QLabel(tr("External clusters are read-only here: no faults, topics are the cluster's own."), page);
    note->setWordWrap(true);
    form->addRow(note);
    const auto sasl = [this] {
        const bool on = security_->currentText().startsWith("sasl");
        mechanism_->setEnabled(on);
        user_->setEnabled(on);
        password_->setEnabled(on);
    };
    connect(security_, &QComboBox::currentIndexChanged, this, sasl);
    sasl();
    connect(bootstrap_, &QLineEdit::editingFinished, this, &ClusterPanel::changed);
    return page;
}

QString ClusterPanel::kindName() const { return kind_->currentData().toString(); }

void ClusterPanel::setKind(const QString& kind) {
    const int i = kind_->findData(kind);
    if (i >= 0) kind_->setCurrentIndex(i);
}

void ClusterPanel::setEmbeddedBrokers(int n) { brokers_->setValue(n); }
int ClusterPanel::embeddedRttMs() const { return rtt_->value(); }
void ClusterPanel::setEmbeddedRttMs(int ms) { rtt_->setValue(ms); }

ClusterChoice ClusterPanel::choice() const {
    ClusterChoice c;
    const QString k = kindName();
    if (k == "external") {
        c.kind = ClusterChoice::Kind::External;
        c.bootstrap = bootstrap_->text().trimmed().toStdString();
        const QString sec = security_->currentText();
        if (sec != "plaintext") c.properties.emplace_back("security.protocol", sec.toStdString());
        if (sec.startsWith("sasl")) {
            c.properties.emplace_back("sasl.mechanism", mechanism_->currentText().toStdString());
            c.properties.emplace_back("sasl.username", user_->text().toStdString());
            c.properties.emplace_back("sasl.password", password_->text().toStdString());
        }
    } else if (k == "local") {
        c.kind = ClusterChoice::Kind::Local;
        if (local_) c.bootstrap = local_->bootstrapServers();
    } else {
        c.kind = ClusterChoice::Kind::Embedded;
        c.brokers = brokers_->value();
        c.rttMs = rtt_->value();
    }
    return c;
}

Cluster* ClusterPanel::sharedCluster() const { return kindName() == "local" && localRunning_ ? local_.get() : nullptr; }

QString ClusterPanel::describe() const {
    const QString k = kindName();
    if (k == "embedded")
        return rtt_->value() > 0 ? tr("embedded, %1 brokers, %2 ms round trip").arg(brokers_->value()).arg(rtt_->value())
                                 : tr("embedded, %1 brokers").arg(brokers_->value());
    if (k == "local") return localRunning_ ? tr("local Kafka, %1").arg(QString::fromStdString(local_->bootstrapServers())) : tr("local Kafka (down)");
    return tr("external, %1").arg(bootstrap_->text());
}

void ClusterPanel::setTopic(const std::string& topic, int partitions) {
    if (topic == topic_ && partitions == partitions_) return;
    topic_ = topic;
    partitions_ = partitions;
    rebuildPreview();
}

void ClusterPanel::rebuildPreview() {
    const QString k = kindName();
    QString limits;
    if (k == "embedded") {
        // A preview cluster with the run's layout: the embedded cluster is ready before any run.
        preview_.reset();
        try {
            preview_ = std::make_unique<EmbeddedCluster>(brokers_->value(), "dead-letter-queue", rtt_->value());
            preview_->prepareTopic(topic_, partitions_);
            showView(preview_->view(topic_));
            embeddedState_->setText(tr("Ready: %1 (each profile of a run gets its own, with the same faults).")
                                        .arg(QString::fromStdString(preview_->describe())));
        } catch (const std::exception& e) {
            embeddedState_->setText(tr("Cannot start the embedded cluster: %1").arg(e.what()));
        }
        limits = "<b>" + tr("What the embedded cluster cannot show") + "</b><ul style='margin-left:-20px'>";
        for (const auto& l : EmbeddedCluster::limits()) limits += "<li>" + QString::fromStdString(l).toHtmlEscaped() + "</li>";
        limits += "</ul>" + tr("<b>How to see it for real:</b> choose <i>Local Kafka</i> above, press <i>Up</i> "
                               "(3 real brokers on 127.0.0.1), then run with acks=1 vs acks=all and kill the "
                               "leader from the Faults tab.");
    } else if (k == "local") {
        emit viewChanged(ClusterView{}, -1);
        if (!local_) runLocal("probe");
        else if (localRunning_) runLocal("status");
#if ACKLAB_HAS_LOCAL_KAFKA
        limits = "<b>" + tr("Local Kafka") + "</b><ul style='margin-left:-20px'>";
        for (const auto& l : LocalKafkaCluster::limits()) limits += "<li>" + QString::fromStdString(l).toHtmlEscaped() + "</li>";
        limits += "</ul>";
#endif
    } else {
        emit viewChanged(ClusterView{}, -1);
        limits = tr("External: read-only view (metadata, polled while a run goes); no faults.");
    }
    limits_->setText(limits);
}

void ClusterPanel::showView(const ClusterView& v) {
    emit viewChanged(v, watched_ && runClock_.isValid() ? static_cast<double>(runClock_.elapsed()) / 1000.0 : -1.0);
}

void ClusterPanel::watch(RunSession* session, QElapsedTimer runClock) {
    watched_ = session;
    runClock_ = runClock;
    const bool embedded = session && session->spec().cluster.kind == ClusterChoice::Kind::Embedded;
    poll_->start(embedded ? 250 : 500);
    poll();
}

void ClusterPanel::unwatch() {
    watched_ = nullptr;
    runClock_.invalidate();
    // Local Kafka keeps being watched between runs (a node may be down); the others show their last state.
    if (kindName() == "local" && localRunning_) poll_->start(1000);
    else poll_->stop();
}

void ClusterPanel::poll() {
    const double now = watched_ && runClock_.isValid() ? static_cast<double>(runClock_.elapsed()) / 1000.0 : -1.0;
    const std::string topic = watched_ ? watched_->spec().traffic.topic : topic_;
    if (watched_ && watched_->spec().cluster.kind == ClusterChoice::Kind::Embedded) {
        // The mock's state is AckLab's own bookkeeping: microseconds, no network.
        emit viewChanged(watched_->cluster(0).view(topic), now);
        return;
    }
    if (pollBusy_ || localBusy_) return;  // the previous poll (or an up/down) is still under way
    std::function<ClusterView()> read;
    if (watched_ && watched_->spec().cluster.kind == ClusterChoice::Kind::External) {
        const ClusterChoice c = watched_->spec().cluster;
        read = [c, topic] {
            std::string error;
            ClusterView v = ExternalCluster::metadataView(c.bootstrap, c.properties, topic, 2000, &error);
            if (!error.empty()) v.limits.push_back("metadata: " + error);
            return v;
        };
    }
#if ACKLAB_HAS_LOCAL_KAFKA
    else if (watched_ ? watched_->spec().cluster.kind == ClusterChoice::Kind::Local : (local_ && localRunning_)) {
        // A scenario's run brings its own LocalKafkaCluster; the panel's own one reads the same nodes and lives
        // as long as the panel (the run's may go while a poll is under way).
        if (!local_) local_ = std::make_unique<LocalKafkaCluster>();
        LocalKafkaCluster* lk = local_.get();
        read = [lk, topic] { return lk->view(topic); };
    }
#endif
    if (!read) return;
    pollBusy_ = true;
    worker_.post([this, read, now] {
        ClusterView v;
        try {
            v = read();
        } catch (const std::exception& e) {
            v.limits.push_back(e.what());
        }
        QMetaObject::invokeMethod(this, [this, v, now] {
            pollBusy_ = false;
            emit viewChanged(v, now);
        });
    });
}

void ClusterPanel::switchToLocalKafka() {
    setKind("local");
    if (!localRunning_) {
        upThenChoose_ = true;
        runLocal("up");
    }
}

void ClusterPanel::refreshLocalStatus() {
    if (kindName() == "local" && local_) runLocal("status");
}

void ClusterPanel::runLocal(const QString& what) {
#if ACKLAB_HAS_LOCAL_KAFKA
    if (localBusy_) {
        // One Local Kafka action at a time; the one under way reports when it is done. Nothing waits here.
        if (what != "status" && what != "probe" && !upThenChoose_) emit message(tr("Local Kafka is busy with the previous action; try again when it is done."));
        return;
    }
    if (!local_) local_ = std::make_unique<LocalKafkaCluster>();
    localBusy_ = true;
    localUp_->setEnabled(false);
    localDown_->setEnabled(false);
    if (what == "up") localState_->setText(tr("Starting 3 Kafka nodes (takes up to a minute)…"));
    if (what == "down") localState_->setText(tr("Stopping the Kafka nodes…"));
    LocalKafkaCluster* lk = local_.get();
    const std::string topic = topic_;
    worker_.post([this, lk, what, topic] {
        QString text;
        bool available = true, up = false;
        ClusterView view;
        try {
            if (what == "probe") available = LocalKafka::javaAvailable();
            if (available && what == "up") lk->kafka().up();
            if (available && what == "down") lk->kafka().down();
            if (available) {
                const auto st = lk->kafka().status();
                up = st.running() > 0;
                text = up ? tr("Up: %1 of %2 nodes running, bootstrap %3")
                                .arg(st.running())
                                .arg(st.nodes.size())
                                .arg(QString::fromStdString(st.bootstrap))
                          : tr("Down. Press Up to start 3 real Kafka %1 nodes.").arg(kLocalKafkaVersion);
                if (up) view = lk->view(topic);
            } else {
                text = tr("java was not found: Local Kafka needs a Java 17+ runtime (and scripts/fetch-kafka.sh).");
            }
        } catch (const std::exception& e) {
            text = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, text, available, up, view, what] {
            localBusy_ = false;
            localAvailable_ = available;
            localRunning_ = up;
            localState_->setText(text);
            localUp_->setEnabled(available && !up);
            localDown_->setEnabled(available && up);
            localStatus_->setEnabled(available);
            if (up && kindName() == "local") showView(view);
            if (up && !watched_ && kindName() == "local") poll_->start(1000);  // nodes may die between runs
            if (!up && !watched_) poll_->stop();
            emit message(tr("Local Kafka: %1").arg(text));
            if (upThenChoose_ && !up && available && what != "up") {
                runLocal("up");  // the one-click switch found it down once the probe was done
            } else {
                if (upThenChoose_ && up) emit message(tr("Local Kafka is up and chosen: start the run again to see it for real."));
                upThenChoose_ = false;
            }
            emit changed();
        });
    });
#else
    Q_UNUSED(what);
#endif
}

}  // namespace acklab::ui
