#include "scenario/ScenarioPanel.h"

#include "Dialogs.h"
#include "report/ReportWriter.h"
#include "scenario/ScenarioPlayer.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace acklab::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QString seconds(int64_t ms) { return QString("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', ms % 1000 ? 1 : 0); }

QString trafficText(const TrafficSpec& t) {
    QString s = QObject::tr("topic %1, %2 partition(s), ").arg(q(t.topic)).arg(t.partitions);
    s += t.durationMs > 0 ? QObject::tr("for %1").arg(seconds(t.durationMs)) : QObject::tr("%L1 messages").arg(t.messages);
    s += t.rate > 0 ? QObject::tr(" at %L1/s").arg(t.rate) : QObject::tr(" unthrottled");
    s += t.valueTemplate.empty() ? QObject::tr(", %L1 B values").arg(t.valueSize) : QObject::tr(", templated values");
    if (t.keys != TrafficSpec::KeyMode::None) s += QObject::tr(", keys %1").arg(q(TrafficSpec::keyModeName(t.keys)));
    return s;
}

QString profileText(const ProducerProfile& p) {
    QStringList shown;
    for (const char* key : {"acks", "enable.idempotence", "retries", "delivery.timeout.ms", "message.max.bytes"})
        if (auto v = p.get(key)) shown << QString("%1=%2").arg(key, q(*v));
    return shown.join(", ");
}

const QColor kMet(0xd6, 0xf0, 0xd6);
const QColor kNotMet(0xf6, 0xd3, 0xcf);
}  // namespace

ScenarioPanel::ScenarioPanel(ScenarioPlayer& player, QWidget* parent)
    : QWidget(parent), player_(player), bundled_(new QListWidget), title_(new QLabel), description_(new QLabel),
      problems_(new QLabel), timeline_(new QTreeWidget), expectations_(new QTreeWidget),
      play_(new QPushButton(tr("Play"))), stop_(new QPushButton(tr("Stop"))), save_(new QPushButton(tr("Save report…"))),
      status_(new QLabel) {
    setObjectName("scenarioPanel");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* split = new QSplitter(Qt::Vertical);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(new QLabel(tr("<b>Bundled scenarios</b>")), 1);
    auto* open = new QPushButton(tr("Open…"));
    open->setToolTip(tr("Open any scenario file (JSON)"));
    head->addWidget(open);
    topLayout->addLayout(head);
    bundled_->setObjectName("bundledScenarios");
    topLayout->addWidget(bundled_);
    split->addWidget(top);

    auto* middle = new QWidget;
    auto* midLayout = new QVBoxLayout(middle);
    midLayout->setContentsMargins(0, 0, 0, 0);
    title_->setWordWrap(true);
    description_->setWordWrap(true);
    description_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    description_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    problems_->setWordWrap(true);
    problems_->setObjectName("scenarioProblems");
    problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problems_->setStyleSheet("color: #b03020");
    problems_->hide();
    timeline_->setObjectName("scenarioTimeline");
    timeline_->setColumnCount(2);
    timeline_->setHeaderLabels({tr("timeline"), tr("detail")});
    timeline_->header()->setStretchLastSection(true);
    timeline_->setWordWrap(true);
    midLayout->addWidget(title_);
    midLayout->addWidget(problems_);
    auto* text = new QScrollArea;  // long descriptions scroll instead of squeezing the timeline
    text->setWidgetResizable(true);
    text->setFrameShape(QFrame::NoFrame);
    text->setWidget(description_);
    text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    midLayout->addWidget(text, 2);
    midLayout->addWidget(timeline_, 3);
    split->addWidget(middle);

    auto* bottom = new QWidget;
    auto* botLayout = new QVBoxLayout(bottom);
    botLayout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    play_->setObjectName("scenarioPlay");
    save_->setObjectName("scenarioSave");
    buttons->addWidget(play_);
    buttons->addWidget(stop_);
    buttons->addWidget(save_);
    buttons->addStretch();
    botLayout->addLayout(buttons);
    status_->setWordWrap(true);
    status_->setObjectName("scenarioStatus");
    botLayout->addWidget(status_);
    expectations_->setObjectName("scenarioExpectations");
    expectations_->setRootIsDecorated(false);
    expectations_->setColumnCount(4);
    expectations_->setHeaderLabels({tr("expectation"), tr("profile"), tr("result"), tr("actual")});
    expectations_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    expectations_->header()->setStretchLastSection(false);
    for (int c = 1; c < 4; ++c) expectations_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    botLayout->addWidget(expectations_, 1);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 3);
    bundled_->setMinimumHeight(60);
    layout->addWidget(split);

    connect(open, &QPushButton::clicked, this, &ScenarioPanel::askOpen);
    connect(bundled_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item) openFile(item->data(Qt::UserRole).toString());
    });
    connect(play_, &QPushButton::clicked, this, &ScenarioPanel::play);
    connect(stop_, &QPushButton::clicked, this, &ScenarioPanel::stop);
    connect(save_, &QPushButton::clicked, this, &ScenarioPanel::askSave);
    connect(&player_, &ScenarioPlayer::progress, this, [this](const QString& t) { setStatus(t); });
    connect(&player_, &ScenarioPlayer::failed, this, [this](const QString& why) {
        setStatus(tr("Not played: %1").arg(why), true);
        emit note("error", "scenario", tr("Scenario not played: %1").arg(why));
        updateButtons();
    });
    connect(&player_, &ScenarioPlayer::repeatDone, this, &ScenarioPanel::showResults);
    connect(&player_, &ScenarioPlayer::finished, this, &ScenarioPanel::onFinished);
    fillBundled();
    showScenario();
}

QString ScenarioPanel::resolve(const QString& nameOrFile) {
    if (QFileInfo(nameOrFile).isFile()) return nameOrFile;
    for (const auto& f : Scenario::bundledFiles()) {
        const QFileInfo info(q(f));
        if (info.completeBaseName() == nameOrFile || info.fileName() == nameOrFile) return info.filePath();
    }
    return {};
}

void ScenarioPanel::fillBundled() {
    for (const auto& f : Scenario::bundledFiles()) {
        auto* item = new QListWidgetItem(bundled_);
        const QString stem = QFileInfo(q(f)).completeBaseName();
        item->setData(Qt::UserRole, q(f));
        try {
            const Scenario s = Scenario::load(f);
            item->setText(QString("%1 — %2").arg(stem, q(s.name)));
            item->setToolTip(q(s.description));
        } catch (const std::exception& e) {
            item->setText(tr("%1 — cannot be used").arg(stem));
            item->setToolTip(q(e.what()));
            item->setForeground(QColor(0xb0, 0x30, 0x20));
        }
    }
}

bool ScenarioPanel::openFile(const QString& path) {
    try {
        scenario_ = Scenario::load(path.toStdString());
        problems_->hide();
        problems_->clear();
    } catch (const ScenarioError& e) {
        scenario_.reset();
        QStringList lines;
        for (const auto& p : e.problems()) lines << q(p).toHtmlEscaped();
        problems_->setText(tr("<b>This scenario cannot be used:</b><br>%1").arg(lines.join("<br>")));
        problems_->show();
        emit note("error", "scenario", tr("%1: %2 problem(s): %3").arg(path).arg(lines.size()).arg(q(e.what())));
    } catch (const std::exception& e) {
        scenario_.reset();
        problems_->setText(q(e.what()).toHtmlEscaped());
        problems_->show();
    }
    met_ = notMet_ = 0;
    bundled_->blockSignals(true);  // keep the list in step when opened by name or from a file
    bundled_->setCurrentRow(-1);
    for (int i = 0; i < bundled_->count(); ++i)
        if (QFileInfo(bundled_->item(i)->data(Qt::UserRole).toString()) == QFileInfo(path)) bundled_->setCurrentRow(i);
    bundled_->blockSignals(false);
    showScenario();
    return scenario_.has_value();
}

void ScenarioPanel::showScenario() {
    timeline_->clear();
    expectations_->clear();
    if (!scenario_) {
        title_->setText(problems_->isVisible() ? QString() : tr("Choose a bundled scenario or open a file."));
        description_->clear();
        setStatus({});
        updateButtons();
        return;
    }
    const Scenario& s = *scenario_;
    title_->setText(QString("<b>%1</b><br><small>%2</small>").arg(q(s.name).toHtmlEscaped(), q(s.path).toHtmlEscaped()));
    description_->setText(q(s.description));
    auto* cluster = new QTreeWidgetItem(timeline_, {tr("cluster"), q(s.clusterText())});
    if (s.cluster.kind == ClusterChoice::Kind::Local) {
        auto* need = new QTreeWidgetItem(cluster, {tr("needs"), tr("the local 3-node Kafka up: Cluster tab → Local Kafka → Up "
                                                             "(or acklab-cli cluster up)")});
        need->setForeground(1, QColor(0xa0, 0x60, 0x00));
        if (s.topicLayout)
            new QTreeWidgetItem(cluster, {tr("topic"), tr("fresh topic per run, replicas %1").arg(q(s.topicLayout->replicaAssignmentText))});
    }
    auto* profiles = new QTreeWidgetItem(timeline_, {tr("profiles (%1)").arg(s.profiles.size())});
    for (size_t i = 0; i < s.profiles.size(); ++i) {
        auto* p = new QTreeWidgetItem(profiles, {q(s.profiles[i].name()), profileText(s.profiles[i])});
        p->setToolTip(1, i < s.profileSources.size() ? q(s.profileSources[i]) : QString());
    }
    new QTreeWidgetItem(timeline_, {tr("traffic"), trafficText(s.traffic)});
    auto* faults = new QTreeWidgetItem(timeline_, {tr("faults (%1)").arg(s.faults.size())});
    for (const auto& f : s.faults) {
        QString when = tr("at %1").arg(seconds(f.atMs));
        if (f.forMs) when += tr(" for %1").arg(seconds(*f.forMs));
        new QTreeWidgetItem(faults, {when, q(f.text)});
    }
    new QTreeWidgetItem(timeline_, {tr("audit"), s.audit ? tr("read the topic back: lost / duplicated / reordered") : tr("no")});
    if (s.repeat > 1) new QTreeWidgetItem(timeline_, {tr("repeat"), QString::number(s.repeat)});
    auto* exp = new QTreeWidgetItem(timeline_, {tr("expectations (%1)").arg(s.expectations.size())});
    for (const auto& e : s.expectations)
        new QTreeWidgetItem(exp, {e.profile.empty() ? tr("every profile") : q(e.profile), q(e.expectation.text)});
    timeline_->expandAll();
    timeline_->resizeColumnToContents(0);
    showPlannedExpectations();
    setStatus(tr("Ready to play on %1.").arg(q(s.clusterText())));
    updateButtons();
}

void ScenarioPanel::showPlannedExpectations() {
    expectations_->clear();
    for (const auto& e : scenario_->expectations)
        new QTreeWidgetItem(expectations_, {q(e.expectation.text), e.profile.empty() ? tr("every") : q(e.profile), tr("not played"), QString()});
}

bool ScenarioPanel::play() {
    if (!scenario_) {
        setStatus(tr("Open a scenario first."), true);
        return false;
    }
    QString why;
    if (!player_.play(*scenario_, &why)) {
        setStatus(tr("Not played: %1").arg(why), true);
        return false;
    }
    met_ = notMet_ = 0;
    expectations_->clear();
    emit note("info", "scenario", tr("Playing scenario '%1'").arg(q(scenario_->name)));
    updateButtons();
    return true;
}

void ScenarioPanel::stop() { player_.stop(); }

void ScenarioPanel::showResults(const ScenarioRunResult& run) {
    const bool repeats = scenario_ && scenario_->repeat > 1;
    for (const auto& r : run.expectations) {
        QString profile = q(r.profile);
        if (repeats) profile += QString(" #%1").arg(r.repeat + 1);
        auto* item = new QTreeWidgetItem(expectations_, {q(r.text), profile, r.met ? tr("met") : tr("NOT met"), q(r.actual)});
        for (int c = 0; c < 4; ++c) item->setBackground(c, r.met ? kMet : kNotMet);
        item->setForeground(2, r.met ? QColor(0x1a, 0x6b, 0x1a) : QColor(0xb0, 0x20, 0x10));
        item->setToolTip(0, q(r.message) + "\n" + q(r.where));
        (r.met ? met_ : notMet_) += 1;
        if (!r.met) emit note("error", "expectation", q(r.message));
    }
}

void ScenarioPanel::onFinished(const ScenarioResult& result) {
    const QString text = notMet_ == 0 ? tr("All %1 expectation(s) met.").arg(met_)
                                      : tr("%1 expectation(s) NOT met, %2 met.").arg(notMet_).arg(met_);
    setStatus(text, notMet_ > 0);
    emit note(notMet_ ? "error" : "info", "scenario", tr("Scenario '%1' played: %2").arg(q(result.name), text));
    updateButtons();
}

bool ScenarioPanel::saveReport(const QString& chosen, QString* error) {
    const QStringList written = ReportWriter::saveScenario(chosen, player_.result(), error);
    if (written.isEmpty()) return false;
    setStatus(tr("Report written: %1").arg(written.join(", ")));
    return true;
}

void ScenarioPanel::askOpen() {
    const QString path = Dialogs::openFile(this, tr("Open scenario"), tr("Scenario (*.json);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void ScenarioPanel::askSave() {
    const QString path = Dialogs::saveFile(this, tr("Save scenario report"), tr("HTML report (*.html)"), "scenario-report.html");
    if (path.isEmpty()) return;
    QString error;
    if (!saveReport(path, &error)) Dialogs::error(this, tr("Save report"), error);
}

void ScenarioPanel::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b03020") : QString());
}

void ScenarioPanel::updateButtons() {
    play_->setEnabled(scenario_.has_value() && !player_.playing());
    stop_->setEnabled(player_.playing());
    save_->setEnabled(!player_.playing() && !player_.result().runs.empty());
}

QString ScenarioPanel::problemText() const { return problems_->text(); }
QString ScenarioPanel::statusText() const { return status_->text(); }

}  // namespace acklab::ui
