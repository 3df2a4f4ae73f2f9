#include "advise/AdvisePage.h"

#include "Dialogs.h"
#include "cluster/LocalKafkaCluster.h"

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

#include <memory>

namespace acklab::ui {

AdvisePage::AdvisePage(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout;
    example_ = new QComboBox(this);
    example_->addItems({tr("(your own)"), tr("Task events: never lost, 50 ms is fine"),
                        tr("Analytics: may lose 0.1 %"), tr("Metrics: 1,000/s, may lose anything")});
    form->addRow(tr("Example"), example_);
    latency_ = new QSpinBox(this);
    latency_->setRange(1, 3'600'000);
    latency_->setValue(1000);
    latency_->setSuffix(" ms");
    form->addRow(tr("Max latency (p99)"), latency_);
    loss_ = new QComboBox(this);
    loss_->setEditable(true);
    loss_->addItems({"none", "0.1%", "1%", "any"});
    loss_->setObjectName("adviseLoss");
    form->addRow(tr("Loss tolerance"), loss_);
    duplicatesOk_ = new QCheckBox(tr("duplicates acceptable"), this);
    form->addRow(QString(), duplicatesOk_);
    rate_ = new QSpinBox(this);
    rate_->setRange(1, 10'000'000);
    rate_->setValue(100);
    rate_->setSuffix(" msgs/s");
    form->addRow(tr("Peak rate"), rate_);
    brokers_ = new QSpinBox(this);
    brokers_->setRange(1, 1000);
    brokers_->setValue(3);
    form->addRow(tr("Brokers"), brokers_);
    idempotentConsumers_ = new QCheckBox(tr("consumers drop duplicates (idempotent)"), this);
    form->addRow(QString(), idempotentConsumers_);
    ordering_ = new QCheckBox(tr("ordering per key needed"), this);
    form->addRow(QString(), ordering_);
    name_ = new QLineEdit(this);
    name_->setPlaceholderText(tr("(advised-...)"));
    form->addRow(tr("Profile name"), name_);

    adviseButton_ = new QPushButton(tr("Recommend"), this);
    save_ = new QPushButton(tr("Save profile..."), this);
    save_->setEnabled(false);
    verifyCluster_ = new QComboBox(this);
    verifyCluster_->addItems({tr("Embedded cluster"), tr("Local Kafka")});
    verifyButton_ = new QPushButton(tr("Verify"), this);
    verifyButton_->setEnabled(false);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(adviseButton_);
    buttons->addWidget(save_);
    buttons->addSpacing(20);
    buttons->addWidget(verifyCluster_);
    buttons->addWidget(verifyButton_);
    buttons->addWidget(status_, 1);

    table_ = new QTableWidget(0, 3, this);
    table_->setHorizontalHeaderLabels({tr("Setting"), tr("Value"), tr("Why")});
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    table_->setWordWrap(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    verifyLog_ = new QPlainTextEdit(this);
    verifyLog_->setReadOnly(true);
    verifyLog_->setMaximumHeight(170);
    verifyLog_->hide();  // until a verification runs: the reasons get the room

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(table_, 1);
    layout->addWidget(verifyLog_);

    connect(example_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) loadExample(static_cast<Example>(i));
    });
    connect(adviseButton_, &QPushButton::clicked, this, &AdvisePage::recommend);
    connect(save_, &QPushButton::clicked, this, &AdvisePage::saveWithDialog);
    connect(verifyButton_, &QPushButton::clicked, this, &AdvisePage::verify);
}

AdvisePage::~AdvisePage() = default;

void AdvisePage::loadExample(Example example) {
    Requirements r;
    switch (example) {
    case Example::TaskEvents:
        r.maxLatencyMs = 50, r.lossTolerance = 0, r.duplicatesOk = false, r.peakRate = 200;
        name_->setText("task-events");
        break;
    case Example::Analytics:
        r.maxLatencyMs = 1000, r.lossTolerance = 0.001, r.duplicatesOk = true, r.peakRate = 500;
        name_->setText("analytics-events");
        break;
    case Example::Metrics:
        r.maxLatencyMs = 1000, r.lossTolerance = 1, r.duplicatesOk = true, r.peakRate = 1000;
        name_->setText("activity-metrics");
        break;
    }
    example_->setCurrentIndex(static_cast<int>(example));
    setRequirements(r);
}

void AdvisePage::setRequirements(const Requirements& r) {
    latency_->setValue(static_cast<int>(r.maxLatencyMs));
    loss_->setCurrentText(QString::fromStdString(r.lossText()));
    duplicatesOk_->setChecked(r.duplicatesOk);
    rate_->setValue(static_cast<int>(r.peakRate));
    brokers_->setValue(r.brokers);
    idempotentConsumers_->setChecked(r.consumersIdempotent);
    ordering_->setChecked(r.orderingNeeded);
}

Requirements AdvisePage::requirements() const {
    Requirements r;
    r.maxLatencyMs = latency_->value();
    r.lossTolerance = Requirements::parseLoss(loss_->currentText().trimmed().toStdString());
    r.duplicatesOk = duplicatesOk_->isChecked();
    r.peakRate = rate_->value();
    r.brokers = brokers_->value();
    r.consumersIdempotent = idempotentConsumers_->isChecked();
    r.orderingNeeded = ordering_->isChecked();
    return r;
}

void AdvisePage::setVerifyCluster(VerifyCluster cluster) { verifyCluster_->setCurrentIndex(static_cast<int>(cluster)); }

void AdvisePage::setVerifyDurations(int64_t steadyMs, int64_t faultRunMs) {
    steadyMs_ = steadyMs;
    faultRunMs_ = faultRunMs;
}

QString AdvisePage::verifyText() const { return verifyLog_->toPlainText(); }

void AdvisePage::recommend() {
    try {
        advice_ = advise(requirements(), name_->text().trimmed().toStdString());
    } catch (const std::exception& e) {
        advice_.reset();
        table_->setRowCount(0);
        save_->setEnabled(false);
        verifyButton_->setEnabled(false);
        status_->setText(tr("Requirements not valid: %1").arg(QString::fromUtf8(e.what())));
        emit adviceFailed(QString::fromUtf8(e.what()));
        return;
    }
    table_->setRowCount(0);
    auto addRow = [this](const SettingReason& s, bool topic) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        table_->setItem(row, 0, new QTableWidgetItem((topic ? tr("topic: ") : QString()) + QString::fromStdString(s.key)));
        table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(s.value)));
        table_->setItem(row, 2, new QTableWidgetItem(QString::fromStdString(s.why)));
    };
    for (const auto& s : advice_->reasons) addRow(s, false);
    for (const auto& s : advice_->topic) addRow(s, true);
    table_->resizeRowsToContents();
    QString notes;
    for (const auto& w : advice_->warnings) notes += (notes.isEmpty() ? "" : "\n") + QString::fromStdString(w);
    status_->setText(notes);
    save_->setEnabled(true);
    verifyButton_->setEnabled(!verifying_);
    emit advised(advice_->profile);
}

bool AdvisePage::saveTo(const QString& path) {
    if (!advice_) return false;
    try {
        advice_->profile.saveFile(path.toStdString());
    } catch (const std::exception& e) {
        Dialogs::error(this, tr("Save profile"), QString::fromUtf8(e.what()));
        return false;
    }
    status_->setText(tr("Saved as %1").arg(path));
    emit profileSaved(path);
    return true;
}

void AdvisePage::saveWithDialog() {
    if (!advice_) return;
    const QString path = Dialogs::saveFile(this, tr("Save profile"), tr("Profiles (*.json)"),
                                           QString::fromStdString(advice_->profile.name()) + ".json");
    if (!path.isEmpty()) saveTo(path);
}

void AdvisePage::verify() {
    if (verifying_ || !advice_) return;
    VerifyOptions o;
    o.steadyRunMs = steadyMs_;
    o.faultRunMs = faultRunMs_;
    const bool local = verifyCluster_->currentIndex() == static_cast<int>(VerifyCluster::LocalKafka);
    o.cluster.kind = local ? ClusterChoice::Kind::Local : ClusterChoice::Kind::Embedded;
    o.cluster.brokers = std::max(1, std::min(brokers_->value(), 32));
    verifying_ = true;
    verifyButton_->setEnabled(false);
    verifyLog_->show();
    verifyLog_->setPlainText(tr("verifying %1 ...").arg(QString::fromStdString(advice_->profile.name())));
    // `this` in the background task: worker_ is destroyed (drained) first, and what it queues to a page that is then
    // deleted is dropped with it.
    o.progress = [this](const std::string& line) {
        QMetaObject::invokeMethod(this, [this, line] { verifyLog_->appendPlainText(QString::fromStdString(line)); });
    };
    const Advice advice = *advice_;
    worker_.post([this, o, advice, local] {
        VerifyResult v;
        try {
            std::unique_ptr<LocalKafkaCluster> cluster;
            if (local) {
                cluster = std::make_unique<LocalKafkaCluster>();
                const auto status = cluster->kafka().status();
                if (status.running() != static_cast<int>(status.nodes.size()))
                    throw std::runtime_error("Local Kafka is not running (start it on the Local Kafka page)");
            }
            v = verifyAdvice(advice, o, cluster.get());
        } catch (const std::exception& e) {
            v.error = e.what();
        }
        QMetaObject::invokeMethod(this, [this, advice, v] { showVerify(advice, v); });
    });
}

void AdvisePage::showVerify(const Advice& advice, const VerifyResult& v) {
    verifying_ = false;
    verifyButton_->setEnabled(advice_.has_value());
    verifyLog_->appendPlainText(QString::fromStdString(acklab::verifyText(advice, v)).trimmed());
    if (!v.error.empty()) {
        emit verifyFailed(QString::fromStdString(v.error));
        return;
    }
    emit verified(v.held());
}

}  // namespace acklab::ui
