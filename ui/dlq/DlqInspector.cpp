#include "dlq/DlqInspector.h"

#include "Dialogs.h"
#include "common/Encoding.h"
#include "dlq/DlqDisplay.h"
#include "dlq/DlqExport.h"
#include "dlq/DlqFilterProxyModel.h"
#include "dlq/DlqTableModel.h"
#include "dlq/DlqWriter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include "dlq/DlqRecordText.h"

#include <QTableView>
#include <QVBoxLayout>

#include <set>
#include <sstream>

namespace acklab::ui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

DlqInspector::DlqInspector(QWidget* parent) : QWidget(parent) {
    qRegisterMetaType<DlqBatch>("acklab::ui::DlqBatch");
    qRegisterMetaType<RedriveSummary>("acklab::RedriveSummary");
    model_ = new DlqTableModel(100'000, this);
    proxy_ = new DlqFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    buildUi();
    // The tail thread emits; Qt queues the call into this (GUI) thread.
    connect(this, &DlqInspector::batchArrived, this, &DlqInspector::onBatch, Qt::QueuedConnection);
    connect(this, &DlqInspector::statusArrived, this, &DlqInspector::onStatus, Qt::QueuedConnection);
    connect(model_, &DlqTableModel::countsChanged, this, &DlqInspector::refreshCounts);
}

DlqInspector::~DlqInspector() {
    stop();
    cancelRedrive_ = true;
    joinRedrive();
}

void DlqInspector::buildUi() {
    auto* layout = new QVBoxLayout(this);

    auto* sourceRow = new QHBoxLayout;
    sourceKind_ = new QComboBox;
    sourceKind_->addItems({tr("DLQ topic"), tr("Local fallback file"), tr("JSON-lines file")});
    bootstrap_ = new QLineEdit;
    bootstrap_->setPlaceholderText(tr("bootstrap servers"));
    topic_ = new QLineEdit(QStringLiteral("dead-letter-queue"));
    file_ = new QLineEdit(QString::fromStdString(DlqWriter::defaultFallbackPath()));
    auto* browse = new QPushButton(tr("…"));
    followButton_ = new QPushButton(tr("Follow"));
    followButton_->setToolTip(tr("Read the DLQ from the beginning and keep following new records"));
    sourceRow->addWidget(sourceKind_);
    sourceRow->addWidget(bootstrap_, 2);
    sourceRow->addWidget(topic_, 1);
    sourceRow->addWidget(file_, 2);
    sourceRow->addWidget(browse);
    sourceRow->addWidget(followButton_);
    layout->addLayout(sourceRow);
    auto updateSourceFields = [this] {
        const bool topic = sourceKind_->currentIndex() == 0;
        bootstrap_->setVisible(topic);
        topic_->setVisible(topic);
        file_->setVisible(!topic);
        file_->setReadOnly(sourceKind_->currentIndex() == 1);
        if (sourceKind_->currentIndex() == 1) file_->setText(QString::fromStdString(DlqWriter::defaultFallbackPath()));
    };
    connect(sourceKind_, qOverload<int>(&QComboBox::currentIndexChanged), this, updateSourceFields);
    updateSourceFields();
    browse->setVisible(false);
    connect(sourceKind_, qOverload<int>(&QComboBox::currentIndexChanged), browse, [browse](int i) { browse->setVisible(i == 2); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = Dialogs::openFile(this, tr("Open DLQ file"), tr("JSON lines (*.jsonl *.json);;All files (*)"));
        if (!f.isEmpty()) file_->setText(f);
    });
    connect(followButton_, &QPushButton::clicked, this, [this] {
        if (following()) {
            stop();
            return;
        }
        if (sourceKind_->currentIndex() == 0) {
            if (bootstrap_->text().trimmed().isEmpty()) {
                setStatus(tr("Give the cluster's bootstrap servers"), true);
                return;
            }
            const QString bs = bootstrap_->text().trimmed();
            followTopic(bs, topic_->text().trimmed(), bs == followedBootstrap_ ? followedProperties_ : ClientProperties{});
        } else {
            followFile(file_->text());
        }
    });

    auto* filterRow = new QHBoxLayout;
    grep_ = new QLineEdit;
    grep_->setPlaceholderText(tr("text in key, value or error"));
    error_ = new QComboBox;
    error_->setEditable(true);
    error_->addItem(QString());
    error_->lineEdit()->setPlaceholderText(tr("error name"));
    originalTopic_ = new QLineEdit;
    originalTopic_->setPlaceholderText(tr("original topic"));
    since_ = new QLineEdit;
    since_->setPlaceholderText(tr("since (UTC, 2026-11-28T18:04)"));
    until_ = new QLineEdit;
    until_->setPlaceholderText(tr("until"));
    for (QWidget* w : std::initializer_list<QWidget*>{grep_, error_, originalTopic_, since_, until_}) filterRow->addWidget(w);
    layout->addLayout(filterRow);
    for (QLineEdit* e : {grep_, originalTopic_, since_, until_}) connect(e, &QLineEdit::textChanged, this, &DlqInspector::applyFilter);
    connect(error_, &QComboBox::currentTextChanged, this, &DlqInspector::applyFilter);

    auto* split = new QSplitter(Qt::Vertical);
    auto* top = new QSplitter(Qt::Horizontal);
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(DlqTableModel::Time, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->horizontalHeader()->setStretchLastSection(true);
    counts_ = new QListWidget;
    counts_->setToolTip(tr("Records per error; click one to filter on it"));
    top->addWidget(table_);
    top->addWidget(counts_);
    top->setStretchFactor(0, 4);
    top->setStretchFactor(1, 1);
    detail_ = new QPlainTextEdit;
    detail_->setReadOnly(true);
    detail_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    detail_->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Small floors, so the results dock fits a 1366x768 screen; the splitter gives them room when there is some.
    table_->setMinimumHeight(48);
    counts_->setMinimumHeight(48);
    detail_->setMinimumHeight(36);
    split->addWidget(top);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);  // the table first; the detail pane shows one record
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DlqInspector::showDetail);
    connect(counts_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        error_->setCurrentText(item->data(Qt::UserRole).toString());
    });

    auto* actions = new QHBoxLayout;
    redriveTo_ = new QLineEdit;
    redriveTo_->setPlaceholderText(tr("to topic (empty = original)"));
    rate_ = new QDoubleSpinBox;
    rate_->setRange(0, 1'000'000);
    rate_->setDecimals(0);
    rate_->setSuffix(tr(" msg/s"));
    rate_->setSpecialValueText(tr("no rate limit"));
    dryRun_ = new QCheckBox(tr("Dry run"));
    dryRun_->setChecked(true);
    redriveButton_ = new QPushButton(tr("Redrive…"));
    redriveButton_->setToolTip(tr("Send the selected records (or all shown) back with their original key, value and headers"));
    auto* csv = new QPushButton(tr("Export CSV…"));
    auto* jsonl = new QPushButton(tr("Export JSON lines…"));
    status_ = new QLabel;
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    actions->addWidget(redriveTo_);
    actions->addWidget(rate_);
    actions->addWidget(dryRun_);
    actions->addWidget(redriveButton_);
    actions->addWidget(csv);
    actions->addWidget(jsonl);
    actions->addWidget(status_, 1);
    layout->addLayout(actions);
    connect(redriveButton_, &QPushButton::clicked, this, &DlqInspector::redrive);
    connect(csv, &QPushButton::clicked, this, &DlqInspector::exportCsv);
    connect(jsonl, &QPushButton::clicked, this, &DlqInspector::exportJsonLines);
    connect(this, &DlqInspector::redriveFinished, this, [this](const RedriveSummary& s) {
        joinRedrive();
        redriveButton_->setEnabled(true);
        setStatus(q(s.text()), !s.allOk());
        Dialogs::information(this, tr("Redrive"), q(s.text()));
    }, Qt::QueuedConnection);
}

void DlqInspector::startTail(DlqTailOptions options, const QString& what) {
    stop();
    model_->clear();
    options.maxBatch = 1000;
    gate_ = std::make_shared<Gate>();
    tail_ = std::make_unique<DlqTail>(
        std::move(options),
        [this, gate = gate_](std::vector<DlqRecord> batch) {
            std::lock_guard lock(gate->mutex);
            if (gate->open) emit batchArrived(std::make_shared<std::vector<DlqRecord>>(std::move(batch)));
        },
        [this, gate = gate_](const std::string& s, bool error) {
            std::lock_guard lock(gate->mutex);
            if (gate->open) emit statusArrived(q(s), error);
        });
    tail_->start();
    followButton_->setText(tr("Stop"));
    setStatus(tr("reading %1").arg(what));
}

void DlqInspector::followTopic(const QString& bootstrap, const QString& topic, ClientProperties properties) {
    DlqTailOptions o;
    o.topic.bootstrap = bootstrap.toStdString();
    o.topic.clientProperties = properties;
    followedBootstrap_ = bootstrap;
    followedProperties_ = std::move(properties);
    o.topic.topic = topic.isEmpty() ? "dead-letter-queue" : topic.toStdString();
    bootstrap_->setText(bootstrap);
    topic_->setText(q(o.topic.topic));
    sourceKind_->setCurrentIndex(0);
    followedTopic_ = q(o.topic.topic);
    if (redriveBootstrap_.isEmpty()) {
        redriveBootstrap_ = bootstrap;
        redriveProperties_ = followedProperties_;
    }
    startTail(std::move(o), q(o.topic.topic) + " on " + bootstrap);
}

void DlqInspector::followFile(const QString& path) {
    DlqTailOptions o;
    o.file = path.toStdString();
    if (path != file_->text()) {
        sourceKind_->setCurrentIndex(2);
        file_->setText(path);
    }
    followedTopic_.clear();
    startTail(std::move(o), path);
}

void DlqInspector::stop() {
    if (gate_) {
        std::lock_guard lock(gate_->mutex);
        gate_->open = false;
    }
    gate_.reset();
    // Stopping joins the tail's thread (its poll, then a consumer close): in the background.
    if (tail_) {
        auto task = [tail = std::shared_ptr<DlqTail>(std::move(tail_))] { tail->stop(); };
        if (background_) background_(std::move(task));
        else stopper_.post(std::move(task));
    }
    tail_.reset();
    if (followButton_) followButton_->setText(tr("Follow"));
}

bool DlqInspector::following() const { return tail_ != nullptr; }

void DlqInspector::setRedriveBootstrap(const QString& bootstrap, ClientProperties properties) {
    redriveBootstrap_ = bootstrap;
    redriveProperties_ = std::move(properties);
}

void DlqInspector::onBatch(const DlqBatch& batch) {
    if (!batch || !tail_) return;  // arrived after stop(): the source is gone
    model_->appendBatch(std::move(*batch));
}

void DlqInspector::onStatus(const QString& status, bool error) { setStatus(status, error); }

void DlqInspector::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b03020") : QString());
}

QString DlqInspector::statusText() const { return status_->text(); }
QString DlqInspector::detailText() const { return detail_->toPlainText(); }

void DlqInspector::applyFilter() {
    DlqFilter f;
    f.text = grep_->text().toStdString();
    f.errorName = error_->currentText().trimmed().toStdString();
    f.originalTopic = originalTopic_->text().trimmed().toStdString();
    bool bad = false;
    auto time = [&](QLineEdit* e, bool end) -> std::optional<int64_t> {
        const auto text = e->text().trimmed().toStdString();
        if (text.empty()) {
            e->setStyleSheet({});
            return std::nullopt;
        }
        auto t = DlqFilter::parseTime(text, end);
        e->setStyleSheet(t ? QString() : QStringLiteral("background: #fbe3e0"));
        e->setToolTip(t ? QString() : tr("Not a UTC time: 2026-11-28T18:04:05Z, 2026-11-28T18:04 or 2026-11-28"));
        bad = bad || !t;
        return t;
    };
    f.sinceMs = time(since_, false);
    f.untilMs = time(until_, true);
    proxy_->setDlqFilter(std::move(f));
    if (bad) setStatus(tr("time filter not understood (UTC, e.g. 2026-11-28T18:04)"), true);
}

void DlqInspector::refreshCounts() {
    counts_->clear();
    std::vector<std::pair<std::string, size_t>> sorted(model_->countsByError().begin(), model_->countsByError().end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [name, n] : sorted) {
        auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(n).arg(q(name)), counts_);
        item->setData(Qt::UserRole, name == "(none)" ? QString() : q(name));
    }
    if (model_->dropped() > 0)
        new QListWidgetItem(tr("(%1 oldest dropped: the table keeps %2)").arg(model_->dropped()).arg(model_->maxRows()), counts_);
    error_->blockSignals(true);
    const QString current = error_->currentText();
    error_->clear();
    error_->addItem(QString());
    for (const auto& [name, n] : sorted)
        if (name != "(none)") error_->addItem(q(name));
    error_->setCurrentText(current);
    error_->blockSignals(false);
}

void DlqInspector::showDetail() {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        detail_->clear();
        return;
    }
    const auto src = proxy_->mapToSource(rows.first());
    if (!src.isValid()) return;
    detail_->setPlainText(q(dlqRecordText(model_->record(src.row()), {false, "Export has all of it"})));
}

std::vector<DlqRecord> DlqInspector::actionRecords() const {
    std::vector<DlqRecord> out;
    std::set<int> sourceRows;
    for (const auto& idx : table_->selectionModel()->selectedRows()) sourceRows.insert(proxy_->mapToSource(idx).row());
    if (!sourceRows.empty()) {
        for (int r : sourceRows)
            if (r >= 0) out.push_back(model_->record(r));
        return out;
    }
    for (int r = 0; r < proxy_->rowCount(); ++r) out.push_back(model_->record(proxy_->mapToSource(proxy_->index(r, 0)).row()));
    return out;
}

void DlqInspector::redrive() {
    if (redriveRunning_) {
        setStatus(tr("a redrive is still running"), true);
        return;
    }
    auto records = actionRecords();
    if (records.empty()) {
        setStatus(tr("no records to redrive"), true);
        return;
    }
    RedriveOptions o;
    o.bootstrap = redriveBootstrap_.toStdString();
    o.clientProperties = redriveProperties_;
    o.toTopic = redriveTo_->text().trimmed().toStdString();
    o.rate = rate_->value();
    o.dryRun = dryRun_->isChecked();
    o.dlqTopic = followedTopic_.isEmpty() ? "dead-letter-queue" : followedTopic_.toStdString();
    if (o.dryRun) {
        const auto s = Redrive::run(records, o);  // no network: plans only
        std::ostringstream text;
        for (const auto& out : s.outcomes) {
            text << "#" << out.index + 1 << " " << RedriveOutcome::statusName(out.status);
            if (out.status == RedriveOutcome::Status::WouldSend)
                text << " -> " << out.plan.topic << " partition " << (out.plan.partition >= 0 ? std::to_string(out.plan.partition) : "any")
                     << ", key " << DlqDisplay::cell(out.plan.key, 48) << ", value "
                     << (out.plan.value ? std::to_string(out.plan.value->size()) + " bytes" : "null") << ", "
                     << out.plan.headers.size() << " header(s)";
            else
                text << ": " << out.error;
            text << "\n";
        }
        text << "\n" << s.text() << "\n";
        detail_->setPlainText(q(text.str()));
        setStatus(q(s.text()));
        return;
    }
    if (o.bootstrap.empty()) {
        Dialogs::warning(this, tr("Redrive"), tr("No cluster to send to: follow a DLQ topic, or set the redrive cluster."));
        return;
    }
    std::set<std::string> targets;
    for (const auto& r : records) targets.insert(o.toTopic.empty() ? (r.originalTopic.empty() ? "?" : r.originalTopic) : o.toTopic);
    QStringList t;
    for (const auto& s : targets) t << q(s);
    const QString question = tr("Send %1 record(s) to %2 on %3%4?\n\nEach goes with its original key, value and headers. "
                                "Records that fail again go back to the DLQ with one more attempt.")
                                 .arg(records.size())
                                 .arg(t.join(", "))
                                 .arg(redriveBootstrap_)
                                 .arg(o.rate > 0 ? tr(" at %1 msg/s").arg(o.rate) : QString());
    if (!Dialogs::question(this, tr("Redrive"), question)) {
        setStatus(tr("redrive cancelled; nothing sent"));
        return;
    }
    redriveRunning_ = true;
    redriveButton_->setEnabled(false);
    cancelRedrive_ = false;
    setStatus(tr("redriving %1 record(s)…").arg(records.size()));
    redriveThread_ = std::thread([this, records = std::move(records), o] {
        auto s = Redrive::run(records, o, &cancelRedrive_);
        emit redriveFinished(s);  // queued to the GUI thread
    });
}

void DlqInspector::joinRedrive() {
    if (redriveThread_.joinable()) redriveThread_.join();
    redriveRunning_ = false;
}

void DlqInspector::exportCsv() {
    const QString path = Dialogs::saveFile(this, tr("Export DLQ records as CSV"), tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    const auto records = actionRecords();
    std::vector<const DlqRecord*> ptrs;
    for (const auto& r : records) ptrs.push_back(&r);
    if (auto e = DlqExport::csvFile(ptrs, path.toStdString()); !e.empty()) Dialogs::error(this, tr("Export"), q(e));
    else setStatus(tr("exported %1 record(s) to %2").arg(records.size()).arg(path));
}

void DlqInspector::exportJsonLines() {
    const QString path = Dialogs::saveFile(this, tr("Export DLQ records as JSON lines"), tr("JSON lines (*.jsonl)"));
    if (path.isEmpty()) return;
    const auto records = actionRecords();
    std::vector<const DlqRecord*> ptrs;
    for (const auto& r : records) ptrs.push_back(&r);
    if (auto e = DlqExport::jsonLinesFile(ptrs, path.toStdString()); !e.empty()) Dialogs::error(this, tr("Export"), q(e));
    else setStatus(tr("exported %1 record(s) to %2").arg(records.size()).arg(path));
}

}  // namespace acklab::ui
