#include "traffic/TrafficPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace acklab::ui {

TrafficPanel::TrafficPanel(QWidget* parent)
    : QWidget(parent), topic_(new QLineEdit(this)), partitions_(new QSpinBox(this)), rate_(new QDoubleSpinBox(this)),
      amountMode_(new QComboBox(this)), messages_(new QDoubleSpinBox(this)), duration_(new QDoubleSpinBox(this)),
      payload_(new QComboBox(this)), size_(new QSpinBox(this)), keys_(new QComboBox(this)), keySpace_(new QSpinBox(this)),
      audit_(new QCheckBox(tr("Audit: read the topic back after the run"), this)),
      e2e_(new QCheckBox(tr("End to end, live (always on for real clusters)"), this)),
      compare_(new QLineEdit("critical,analytics,metrics", this)), start_(new QPushButton(tr("Start"), this)),
      compareButton_(new QPushButton(tr("Compare"), this)),
      lessonButton_(new QPushButton(tr("Compare critical / analytics / metrics"), this)),
      stop_(new QPushButton(tr("Stop"), this)), progress_(new QProgressBar(this)), eta_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    topic_->setObjectName("topic");
    form->addRow(tr("Topic"), topic_);
    partitions_->setRange(1, 1000);
    form->addRow(tr("Partitions"), partitions_);
    rate_->setRange(0, 100'000'000);
    rate_->setDecimals(0);
    rate_->setSuffix(tr(" msgs/s"));
    rate_->setSpecialValueText(tr("unthrottled"));
    rate_->setObjectName("rate");
    form->addRow(tr("Rate"), rate_);
    amountMode_->addItems({tr("count"), tr("duration")});
    auto* amount = new QHBoxLayout;
    amount->addWidget(amountMode_);
    messages_->setRange(1, 10'000'000'000.0);
    messages_->setDecimals(0);
    messages_->setSuffix(tr(" messages"));
    messages_->setObjectName("messages");
    duration_->setRange(0.1, 86400);
    duration_->setDecimals(1);
    duration_->setSuffix(tr(" s"));
    amount->addWidget(messages_, 1);
    amount->addWidget(duration_, 1);
    form->addRow(tr("Send"), amount);
    payload_->addItems({tr("fixed size"), tr("task.created event (the lesson's JSON)")});
    payload_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // the tab fits its dock
    payload_->setMinimumContentsLength(10);
    size_->setRange(0, 100 * 1024 * 1024);
    size_->setSuffix(tr(" bytes"));
    auto* payload = new QHBoxLayout;
    payload->addWidget(payload_);
    payload->addWidget(size_, 1);
    form->addRow(tr("Value"), payload);
    keys_->addItems({"none", "sequential", "random"});
    keySpace_->setRange(1, 1'000'000'000);
    keySpace_->setPrefix(tr("key space "));
    auto* keys = new QHBoxLayout;
    keys->addWidget(keys_);
    keys->addWidget(keySpace_, 1);
    form->addRow(tr("Keys"), keys);
    layout->addLayout(form);
    audit_->setToolTip(tr("After the run, reads the topic back and checks every acknowledged message against it: lost, "
                          "duplicated, reordered, and failed ones that were written anyway."));
    layout->addWidget(audit_);
    e2e_->setObjectName("e2e");
    e2e_->setToolTip(tr("Reads every record back while the run goes: end-to-end latency, and acknowledged messages "
                        "lost or duplicated as it happens, not only in the audit after the run. Always on for Local Kafka and External."));
    layout->addWidget(e2e_);

    txn_ = new QGroupBox(tr("Transactions (the profile needs a transactional.id)"), this);
    txn_->setObjectName("transactions");
    txn_->setCheckable(true);
    txn_->setChecked(false);
    txn_->setToolTip(tr("Each transaction writes its events to the topic and to every other topic named here, all "
                        "committed or aborted together; the audit reads them back with read_committed and read_uncommitted."));
    auto* txnForm = new QFormLayout(txn_);
    txnMessages_ = new QSpinBox(txn_);
    txnMessages_->setObjectName("txnMessages");
    txnMessages_->setRange(1, 1'000'000);
    txnMessages_->setValue(10);
    txnMessages_->setSuffix(tr(" events per transaction"));
    txnForm->addRow(tr("Size"), txnMessages_);
    txnTopics_ = new QLineEdit(txn_);
    txnTopics_->setObjectName("txnTopics");
    txnTopics_->setPlaceholderText(tr("e.g. audit-log (comma separated)"));
    txnTopics_->setToolTip(tr("The lesson's pair: topic task-created here above, audit-log here: each event and its "
                              "audit record commit together or not at all."));
    txnForm->addRow(tr("Also write to"), txnTopics_);
    txnAbortEvery_ = new QSpinBox(txn_);
    txnAbortEvery_->setObjectName("txnAbortEvery");
    txnAbortEvery_->setRange(1, 1'000'000);  // 1 reads "never": aborting every transaction is not a useful run
    txnAbortEvery_->setSpecialValueText(tr("never"));
    txnAbortEvery_->setPrefix(tr("every "));
    txnAbortEvery_->setSuffix(tr(" transactions"));
    txnForm->addRow(tr("Abort"), txnAbortEvery_);
    layout->addWidget(txn_);

    auto* runBox = new QGroupBox(tr("Run"), this);
    auto* runLayout = new QVBoxLayout(runBox);
    auto* buttons = new QHBoxLayout;
    start_->setObjectName("startButton");
    start_->setToolTip(tr("Run the profile in the composer"));
    stop_->setObjectName("stopButton");
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    runLayout->addLayout(buttons);
    lessonButton_->setObjectName("lessonCompareButton");
    runLayout->addWidget(lessonButton_);
    auto* cmp = new QHBoxLayout;
    compare_->setToolTip(tr("Preset names or profile files, separated by commas; \"composer\" is the profile being composed."));
    cmp->addWidget(compare_, 1);
    cmp->addWidget(compareButton_);
    runLayout->addLayout(cmp);
    lessonButton_->setToolTip(tr("acks=all, acks=1 and acks=0 side by side, with the traffic above"));
    progress_->setRange(0, 1000);
    progress_->setTextVisible(true);
    runLayout->addWidget(progress_);
    eta_->setObjectName("eta");
    runLayout->addWidget(eta_);
    layout->addWidget(runBox);
    layout->addStretch();

    connect(start_, &QPushButton::clicked, this, &TrafficPanel::startRequested);
    connect(stop_, &QPushButton::clicked, this, &TrafficPanel::stopRequested);
    connect(compareButton_, &QPushButton::clicked, this, [this] { emit compareRequested(compareProfiles()); });
    connect(lessonButton_, &QPushButton::clicked, this,
            [this] { emit compareRequested({"critical", "analytics", "metrics"}); });
    connect(amountMode_, &QComboBox::currentIndexChanged, this, &TrafficPanel::updateModes);
    connect(payload_, &QComboBox::currentIndexChanged, this, &TrafficPanel::updateModes);
    connect(keys_, &QComboBox::currentIndexChanged, this, &TrafficPanel::updateModes);
    connect(topic_, &QLineEdit::editingFinished, this, &TrafficPanel::changed);
    connect(partitions_, &QSpinBox::valueChanged, this, &TrafficPanel::changed);
    setSpec(windowDefaults());
    setRunning(false);
}

TrafficSpec TrafficPanel::windowDefaults() {
    // Paced and long enough to watch: 1,000 messages a second for a minute (Stop ends it sooner). Unthrottled
    // runs end in milliseconds and measure queueing, not the cluster.
    TrafficSpec t;
    t.rate = 1000;
    t.durationMs = 60'000;
    return t;
}

void TrafficPanel::updateModes() {
    messages_->setVisible(amountMode_->currentIndex() == 0);
    duration_->setVisible(amountMode_->currentIndex() == 1);
    size_->setEnabled(payload_->currentIndex() == 0);
    keySpace_->setEnabled(keys_->currentIndex() == 2);
}

TrafficSpec TrafficPanel::spec() const {
    TrafficSpec t;
    t.topic = topic_->text().trimmed().toStdString();
    t.partitions = partitions_->value();
    t.rate = rate_->value();
    t.messages = static_cast<int64_t>(std::llround(messages_->value()));
    t.durationMs = amountMode_->currentIndex() == 1 ? static_cast<int64_t>(std::llround(duration_->value() * 1000)) : 0;
    t.valueSize = size_->value();
    t.valueTemplate = payload_->currentIndex() == 1 ? TrafficSpec::taskCreatedTemplate() : std::string();
    t.keys = static_cast<TrafficSpec::KeyMode>(keys_->currentIndex());
    t.keySpace = keySpace_->value();
    if (txn_->isChecked()) {
        t.transaction.messages = txnMessages_->value();
        t.transaction.abortEvery = txnAbortEvery_->value() <= 1 ? 0 : txnAbortEvery_->value();
        const QStringList extra = txnTopics_->text().split(',', Qt::SkipEmptyParts);
        if (!extra.isEmpty()) {
            t.transaction.topics.push_back(t.topic);
            for (const auto& x : extra)
                if (!x.trimmed().isEmpty()) t.transaction.topics.push_back(x.trimmed().toStdString());
        }
    }
    return t;
}

void TrafficPanel::setSpec(const TrafficSpec& t) {
    topic_->setText(QString::fromStdString(t.topic));
    partitions_->setValue(t.partitions);
    rate_->setValue(t.rate);
    messages_->setValue(static_cast<double>(t.messages));
    amountMode_->setCurrentIndex(t.durationMs > 0 ? 1 : 0);
    duration_->setValue(t.durationMs > 0 ? static_cast<double>(t.durationMs) / 1000.0 : 10.0);
    size_->setValue(static_cast<int>(t.valueSize));
    payload_->setCurrentIndex(t.valueTemplate.empty() ? 0 : 1);
    keys_->setCurrentIndex(static_cast<int>(t.keys));
    keySpace_->setValue(static_cast<int>(t.keySpace));
    txn_->setChecked(t.transaction.enabled());
    if (t.transaction.messages > 0) txnMessages_->setValue(static_cast<int>(std::min<int64_t>(t.transaction.messages, 1'000'000)));
    txnAbortEvery_->setValue(static_cast<int>(std::clamp<int64_t>(t.transaction.abortEvery, 1, 1'000'000)));
    QStringList extra;
    for (size_t i = 1; i < t.transaction.topics.size(); ++i) extra << QString::fromStdString(t.transaction.topics[i]);
    txnTopics_->setText(extra.join(", "));
    updateModes();
}

bool TrafficPanel::audit() const { return audit_->isChecked(); }
bool TrafficPanel::e2e() const { return e2e_->isChecked(); }
void TrafficPanel::setE2e(bool on) { e2e_->setChecked(on); }
void TrafficPanel::setAudit(bool on) { audit_->setChecked(on); }

QStringList TrafficPanel::compareProfiles() const {
    QStringList out;
    for (const auto& s : compare_->text().split(',', Qt::SkipEmptyParts)) out << s.trimmed();
    return out;
}

void TrafficPanel::setCompareProfiles(const QStringList& names) { compare_->setText(names.join(",")); }

void TrafficPanel::clickStart() { start_->click(); }
void TrafficPanel::clickLesson() { lessonButton_->click(); }
void TrafficPanel::clickStop() { stop_->click(); }

void TrafficPanel::setRunning(bool running) {
    start_->setEnabled(!running);
    compareButton_->setEnabled(!running);
    lessonButton_->setEnabled(!running);
    stop_->setEnabled(running);
    if (!running && progress_->maximum() == 0) progress_->setRange(0, 1000);
}

void TrafficPanel::setProgress(double fraction, const QString& text) {
    if (fraction < 0) {
        progress_->setRange(0, 0);
    } else {
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
    }
    eta_->setText(text);
}

}  // namespace acklab::ui
