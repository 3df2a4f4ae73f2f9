#include "diagnose/DiagnosePage.h"

#include "diagnose/ClusterProbe.h"
#include "diagnose/DiagnoseTarget.h"
#include "profile/Presets.h"
#include "profile/PropertyCatalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace acklab::ui {

namespace {

QColor severityColor(Finding::Severity s) {
    switch (s) {
    case Finding::Severity::Ok: return QColor(0x2e, 0x7d, 0x32);
    case Finding::Severity::Warn: return QColor(0xb2, 0x6a, 0x00);
    case Finding::Severity::Fail: return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

}  // namespace

DiagnosePage::DiagnosePage(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout;
    cluster_ = new QComboBox(this);
    cluster_->addItems({tr("Local Kafka"), tr("Bootstrap servers"), tr("Embedded cluster")});
    cluster_->setObjectName("diagnoseCluster");
    bootstrap_ = new QLineEdit(this);
    bootstrap_->setPlaceholderText("host1:9092,host2:9092");
    bootstrap_->setObjectName("diagnoseBootstrap");
    brokers_ = new QSpinBox(this);
    brokers_->setRange(1, 32);
    brokers_->setValue(3);
    auto* clusterRow = new QHBoxLayout;
    clusterRow->addWidget(cluster_);
    clusterRow->addWidget(bootstrap_, 1);
    clusterRow->addWidget(new QLabel(tr("brokers"), this));
    clusterRow->addWidget(brokers_);
    form->addRow(tr("Cluster"), clusterRow);
    topic_ = new QLineEdit("acklab-test", this);
    topic_->setObjectName("diagnoseTopic");
    form->addRow(tr("Topic"), topic_);
    dlqTopic_ = new QLineEdit(this);
    dlqTopic_->setPlaceholderText(tr("(none)"));
    form->addRow(tr("DLQ topic"), dlqTopic_);
    profile_ = new QComboBox(this);
    for (const auto& p : builtinPresets()) profile_->addItem(QString::fromStdString(p.name()));
    form->addRow(tr("Profile"), profile_);
    size_ = new QSpinBox(this);
    size_->setRange(0, 100 * 1024 * 1024);
    size_->setValue(100);
    size_->setSuffix(" B");
    form->addRow(tr("Record size"), size_);
    properties_ = new QPlainTextEdit(this);
    properties_->setPlaceholderText("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=bob\n...");
    properties_->setMaximumHeight(80);
    properties_->setObjectName("diagnoseProperties");
    form->addRow(tr("Properties (-X)"), properties_);
    connectionLabel_ = new QLabel(this);
    connectionLabel_->setObjectName("diagnoseClusterConnection");
    connectionLabel_->setWordWrap(true);
    connectionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("From the Cluster tab"), connectionLabel_);

    run_ = new QPushButton(tr("Diagnose"), this);
    run_->setObjectName("diagnoseRun");
    probeTxn_ = new QCheckBox(tr("Probe transactional.id (fences a producer using it)"), this);
    probeTxn_->setObjectName("diagnoseProbeTransactionalId");
    probeTxn_->setToolTip(tr("Ask InitProducerId with the profile's transactional.id to learn whether the principal "
                             "may use it. When it may, the cluster fences a producer running with that id and "
                             "aborts its open transaction. Off: decided from the brokers' configs, or unknown."));
    status_ = new QLabel(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(probeTxn_);
    buttons->addWidget(status_, 1);

    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_ = new QTableWidget(0, 5, this);
    table_->setHorizontalHeaderLabels({tr("Severity"), tr("Check"), tr("What was found"), tr("Predicts"), tr("Remedy")});
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    table_->setWordWrap(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(verdict_);
    layout->addWidget(table_, 1);

    connect(cluster_, &QComboBox::currentIndexChanged, this, &DiagnosePage::updateClusterFields);
    connect(profile_, &QComboBox::currentIndexChanged, this, [this] { custom_.reset(); });
    connect(run_, &QPushButton::clicked, this, &DiagnosePage::diagnose);
    updateClusterFields();
}

DiagnosePage::~DiagnosePage() = default;

void DiagnosePage::setCluster(Cluster cluster, const QString& bootstrap,
                              const std::vector<std::pair<std::string, std::string>>& connection) {
    connection_ = connection;
    if (!bootstrap.isEmpty()) bootstrap_->setText(bootstrap);
    cluster_->setCurrentIndex(static_cast<int>(cluster));
    updateClusterFields();  // also when the choice stays: the properties may have changed
}

void DiagnosePage::updateClusterFields() {
    const bool bootstrap = cluster_->currentIndex() == static_cast<int>(Cluster::Bootstrap);
    bootstrap_->setEnabled(bootstrap);
    brokers_->setEnabled(cluster_->currentIndex() == static_cast<int>(Cluster::Embedded));
    connectionLabel_->setText(bootstrap ? clusterConnectionText() : tr("<i>nothing (for a bootstrap only)</i>"));
}

QString DiagnosePage::clusterConnectionText() const {
    if (connection_.empty()) return tr("<i>no connection properties</i>");
    QStringList parts;
    for (const auto& [k, v] : connection_) parts << QString::fromStdString(k + "=" + maskedValue(k, v)).toHtmlEscaped();
    return parts.join(", ");
}

void DiagnosePage::setTopic(const QString& topic, const QString& dlqTopic) {
    topic_->setText(topic);
    dlqTopic_->setText(dlqTopic);
}

void DiagnosePage::setProfile(const ProducerProfile& profile) {
    const QString name = QString::fromStdString(profile.name());
    int i = profile_->findText(name);
    if (i < 0) {
        profile_->addItem(name);
        i = profile_->count() - 1;
    }
    profile_->setCurrentIndex(i);
    custom_ = profile;  // after setCurrentIndex, which resets it
}

void DiagnosePage::setRecordSize(int bytes) { size_->setValue(bytes); }

QString DiagnosePage::verdictText() const { return verdict_->text(); }

void DiagnosePage::setBusy(bool busy) {
    busy_ = busy;
    run_->setEnabled(!busy);
    status_->setText(busy ? tr("asking the cluster ...") : QString());
}

void DiagnosePage::fail(const QString& reason) {
    setBusy(false);
    verdict_->setText(tr("Could not diagnose: %1").arg(reason));
    emit diagnoseFailed(reason);
}

void DiagnosePage::diagnose() {
    if (busy_) return;
    DiagnoseTarget target;
    target.kind = static_cast<DiagnoseTarget::Kind>(cluster_->currentIndex());
    target.bootstrap = bootstrap_->text().trimmed().toStdString();
    target.brokers = brokers_->value();
    if (target.kind == DiagnoseTarget::Kind::Bootstrap && target.bootstrap.empty())
        return fail(tr("name the bootstrap servers (host:port, separated by commas)"));

    DiagnoseOptions o;
    if (custom_) {
        o.input.profile = *custom_;
    } else if (auto p = findPreset(profile_->currentText().toStdString())) {
        o.input.profile = *p;
    } else {
        return fail(tr("no profile named %1").arg(profile_->currentText()));
    }
    const QStringList lines = properties_->toPlainText().split('\n', Qt::SkipEmptyParts);
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#')) continue;
        const int eq = line.indexOf('=');
        if (eq <= 0) return fail(tr("property '%1' is not key=value").arg(line));
        o.input.profile.set(line.left(eq).trimmed().toStdString(), line.mid(eq + 1).trimmed().toStdString());
    }
    if (target.kind == DiagnoseTarget::Kind::Bootstrap) {
        // The Cluster tab's connection first, then the page's own: what is typed here wins (later ones win).
        o.connection = connection_;
        for (const auto& [k, v] : o.input.profile.properties())
            if (isConnectionProperty(k)) o.connection.emplace_back(k, v);
    }
    o.input.topic = topic_->text().trimmed().toStdString();
    o.input.dlqTopic = dlqTopic_->text().trimmed().toStdString();
    o.input.valueSize = size_->value();
    o.probeTransactionalId = probeTxn_->isChecked();
    if (o.probeTransactionalId && !o.input.profile.get("transactional.id"))
        return fail(tr("the profile has no transactional.id to probe (choose the transactional profile, or add "
                       "transactional.id=... to the properties)"));

    setBusy(true);
    // `this` in the background task: worker_ is destroyed (drained) first, and what it queues to a page that is then
    // deleted is dropped with it.
    worker_.post([this, target, o] {
        Diagnosis d;
        QString error;
        try {
            d = diagnoseOn(target, o);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, d, error] {
            if (!error.isEmpty()) fail(error);
            else showDiagnosis(d);
        });
    });
}

void DiagnosePage::showDiagnosis(const Diagnosis& d) {
    last_ = d;
    setBusy(false);
    table_->setRowCount(0);
    for (const auto& f : d.findings) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        auto* sev = new QTableWidgetItem(QString(toString(f.severity)).toUpper());
        sev->setForeground(severityColor(f.severity));
        table_->setItem(row, 0, sev);
        table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(f.check)));
        table_->setItem(row, 2, new QTableWidgetItem(QString::fromStdString(f.what)));
        table_->setItem(row, 3, new QTableWidgetItem(QString::fromStdString(f.predicts)));
        table_->setItem(row, 4, new QTableWidgetItem(QString::fromStdString(f.remedy)));
    }
    table_->resizeRowsToContents();
    const QString text = QString::fromStdString(diagnosisText(d));
    verdict_->setText(text.section('\n', -2, -2));  // the verdict line
    emit diagnosed(d.exitStatus());
}

}  // namespace acklab::ui
