#include "faults/FaultPanel.h"

#include "ColorScheme.h"
#include "cluster/FaultSpec.h"
#include "metrics/ErrorClassifier.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace acklab::ui {

namespace {
// Produce errors a broker really answers with, the ones the lesson's error table names first.
const char* const kCodes[] = {"NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "NOT_LEADER_FOR_PARTITION",
                              "LEADER_NOT_AVAILABLE", "REQUEST_TIMED_OUT", "TOPIC_AUTHORIZATION_FAILED",
                              "UNKNOWN_TOPIC_OR_PART", "MSG_SIZE_TOO_LARGE", "INVALID_REQUIRED_ACKS",
                              "CORRUPT_MESSAGE", "POLICY_VIOLATION", "CLUSTER_AUTHORIZATION_FAILED",
                              "OUT_OF_ORDER_SEQUENCE_NUMBER", "THROTTLING_QUOTA_EXCEEDED"};
}  // namespace

FaultPanel::FaultPanel(QWidget* parent) : QWidget(parent), result_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildEmbedded());
    layout->addWidget(buildLocal());
    layout->addWidget(buildText());
    result_->setWordWrap(true);
    result_->setObjectName("faultResult");
    layout->addWidget(result_);
    layout->addStretch();
    setRunningOn({}, 3);
}

QGroupBox* FaultPanel::buildEmbedded() {
    embedded_ = new QGroupBox(tr("Embedded cluster faults"), this);
    auto* g = new QGridLayout(embedded_);
    broker_ = new QSpinBox(embedded_);
    broker_->setRange(1, 32);
    brokerLeader_ = new QComboBox(embedded_);
    brokerLeader_->addItems({tr("the leader of partition 0"), tr("broker number")});
    g->addWidget(new QLabel(tr("Broker"), embedded_), 0, 0);
    g->addWidget(brokerLeader_, 0, 1);
    g->addWidget(broker_, 0, 2);
    const auto broker = [this] { return brokerLeader_->currentIndex() == 0 ? QString("leader") : QString::number(broker_->value()); };
    auto* down = new QPushButton(tr("Down"), embedded_);
    auto* up = new QPushButton(tr("Up"), embedded_);
    down->setToolTip(tr("Broker unreachable: connections closed, reconnects refused (it stays leader: no election)."));
    g->addWidget(down, 1, 1);
    g->addWidget(up, 1, 2);
    connect(down, &QPushButton::clicked, this, [this, broker] { request("down broker=" + broker()); });
    connect(up, &QPushButton::clicked, this, [this, broker] { request("up broker=" + broker()); });

    rtt_ = new QSpinBox(embedded_);
    rtt_->setRange(0, 60000);
    rtt_->setValue(50);
    rtt_->setSuffix(" ms");
    auto* rtt = new QPushButton(tr("Set RTT"), embedded_);
    g->addWidget(new QLabel(tr("Round trip"), embedded_), 2, 0);
    g->addWidget(rtt_, 2, 1);
    g->addWidget(rtt, 2, 2);
    connect(rtt, &QPushButton::clicked, this, [this, broker] {
        request(QString("rtt broker=%1 ms=%2").arg(broker()).arg(rtt_->value()));
    });

    code_ = new QComboBox(embedded_);
    code_->setObjectName("errorCode");
    for (const char* name : kCodes) {
        rd_kafka_resp_err_t code{};
        if (!ErrorClassifier::parse(name, code)) continue;
        const auto info = ErrorClassifier::classify(code);
        const QString cls = QString::fromStdString(std::string(toString(info.errorClass)));
        code_->addItem(QString("%1 (%2)").arg(QString::fromStdString(info.name), cls), QString::fromStdString(info.name));
        code_->setItemData(code_->count() - 1, ColorScheme::errorClass(cls), Qt::DecorationRole);
        code_->setItemData(code_->count() - 1, QString::fromStdString(info.explanation + "\nRemedy: " + info.remedy),
                           Qt::ToolTipRole);
    }
    count_ = new QSpinBox(embedded_);
    count_->setRange(1, 100000);
    count_->setValue(3);
    count_->setPrefix("× ");
    auto* inject = new QPushButton(tr("Inject"), embedded_);
    inject->setObjectName("injectError");
    inject->setToolTip(tr("The next N Produce requests to the broker fail with this code (librdkafka retries the "
                          "retriable ones)."));
    g->addWidget(new QLabel(tr("Error"), embedded_), 3, 0);
    g->addWidget(code_, 3, 1, 1, 2);
    g->addWidget(count_, 4, 1);
    g->addWidget(inject, 4, 2);
    connect(inject, &QPushButton::clicked, this, [this, broker] {
        QString s = QString("error code=%1 count=%2").arg(code_->currentData().toString()).arg(count_->value());
        if (brokerLeader_->currentIndex() == 1) s += " broker=" + broker();
        request(s);
    });

    partition_ = new QSpinBox(embedded_);
    partition_->setRange(0, 999);
    partition_->setPrefix(tr("partition "));
    newLeader_ = new QSpinBox(embedded_);
    newLeader_->setRange(1, 32);
    newLeader_->setPrefix(tr("to broker "));
    auto* move = new QPushButton(tr("Move leader"), embedded_);
    g->addWidget(new QLabel(tr("Leader"), embedded_), 5, 0);
    g->addWidget(partition_, 5, 1);
    g->addWidget(newLeader_, 5, 2);
    g->addWidget(move, 6, 2);
    connect(move, &QPushButton::clicked, this, [this] {
        request(QString("leader partition=%1 broker=%2").arg(partition_->value()).arg(newLeader_->value()));
    });
    return embedded_;
}

QGroupBox* FaultPanel::buildLocal() {
    local_ = new QGroupBox(tr("Local Kafka faults (real signals)"), this);
    // Two rows of two: the node, then its four signals (one row of five was wider than the dock on a laptop screen).
    auto* g = new QGridLayout(local_);
    node_ = new QSpinBox(local_);
    node_->setRange(1, 3);
    node_->setPrefix(tr("node "));
    g->addWidget(node_, 0, 0);
    const std::pair<const char*, const char*> actions[] = {
        {"kill", "SIGKILL"}, {"stop", "SIGSTOP"}, {"cont", "SIGCONT"}, {"restart", "start it again"}};
    int i = 0;
    for (const auto& [verb, what] : actions) {
        auto* b = new QPushButton(verb, local_);
        b->setToolTip(what);
        const QString v = verb;
        connect(b, &QPushButton::clicked, this, [this, v] { request(QString("%1 broker=%2").arg(v).arg(node_->value())); });
        g->addWidget(b, i / 2, 1 + i % 2);
        ++i;
    }
    return local_;
}

QGroupBox* FaultPanel::buildText() {
    text_ = new QGroupBox(tr("Any fault spec"), this);
    auto* h = new QHBoxLayout(text_);
    spec_ = new QLineEdit(text_);
    spec_->setPlaceholderText("down broker=2 for=3s");
    spec_->setObjectName("faultSpec");
    auto* fire = new QPushButton(tr("Fire"), text_);
    h->addWidget(spec_, 1);
    h->addWidget(fire);
    const auto go = [this] {
        try {
            FaultSpec::parse(spec_->text().trimmed().toStdString());  // name the wrong word before anything runs
            request(spec_->text().trimmed());
        } catch (const std::exception& e) {
            setResult(QString::fromStdString(e.what()), false);
        }
    };
    connect(fire, &QPushButton::clicked, this, go);
    connect(spec_, &QLineEdit::returnPressed, this, go);
    return text_;
}

void FaultPanel::request(const QString& spec) { emit faultRequested(spec); }

void FaultPanel::setRunningOn(const QString& kind, int brokers) {
    embedded_->setEnabled(kind == "embedded");
    local_->setEnabled(kind == "local");
    text_->setEnabled(!kind.isEmpty() && kind != "external");
    broker_->setMaximum(std::max(1, brokers));
    newLeader_->setMaximum(std::max(1, brokers));
    if (kind.isEmpty()) setResult(tr("Faults fire during a run: start one first."), true);
    else if (kind == "external") setResult(tr("External clusters take no faults."), true);
}

void FaultPanel::setResult(const QString& text, bool ok) {
    result_->setStyleSheet(ok ? QString() : QString("color:%1").arg(ColorScheme::errorClass("permanent").name()));
    result_->setText(text);
}

QStringList FaultPanel::errorCodes() const {
    QStringList out;
    for (int i = 0; i < code_->count(); ++i) out << code_->itemData(i).toString();
    return out;
}

void FaultPanel::selectErrorCode(const QString& name) {
    const int i = code_->findData(name);
    if (i >= 0) code_->setCurrentIndex(i);
}

}  // namespace acklab::ui
