#include "profile/ProfileForm.h"

#include "AppSettings.h"
#include "Dialogs.h"
#include "export/ExportDialog.h"
#include "profile/ExtraPropertiesEditor.h"
#include "profile/Presets.h"
#include "profile/PropertyCatalog.h"
#include "profile/PropertyEditor.h"
#include "profile/TimeoutDiagram.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <fstream>

namespace acklab::ui {

namespace {

// The lesson's acks table, with the row of the current setting highlighted.
QString acksTable(const QString& acks) {
    struct Row { const char* level; const char* ack; const char* latency; const char* lost; const char* use; };
    static const Row rows[] = {
        {"0", "none (fire and forget)", "~1 ms", "all in flight", "metrics, logs where loss is acceptable"},
        {"1", "leader only", "~5-10 ms", "unreplicated ones", "analytics, non-critical events"},
        {"all", "all in-sync replicas", "~10-30 ms", "none", "critical business events"},
    };
    const QString cur = (acks == "-1" || acks.isEmpty()) ? QString("all") : acks;
    QString html = "<table cellspacing=0 cellpadding=2 style='font-size:small'>"
                   "<tr><th align=left>acks</th><th align=left>acknowledged by</th><th align=left>latency</th>"
                   "<th align=left>lost on leader crash</th><th align=left>use for</th></tr>";
    for (const auto& r : rows) {
        const bool on = cur == r.level;
        html += QString("<tr%1><td><b>%2</b></td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
                    .arg(on ? " style='background-color:#dde9f6'" : "", r.level, r.ack, r.latency, r.lost, r.use);
    }
    html += "</table><p style='font-size:small'>Idempotence (no duplicates on retry) needs <b>acks=all</b>, "
            "<b>max.in.flight.requests.per.connection &lt;= 5</b> and <b>retries &gt; 0</b>. "
            "Embedded cluster: no replication, so acks=1 and acks=all look alike there; use Local Kafka to see "
            "the difference.</p>";
    return html;
}

int64_t toInt(const std::optional<std::string>& v, const PropertyInfo* info) {
    const std::string s = v ? *v : (info ? info->defaultValue : std::string("0"));
    try {
        return std::stoll(s);
    } catch (...) {
        return info ? std::stoll(info->defaultValue.empty() ? "0" : info->defaultValue) : 0;
    }
}

}  // namespace

ProfileForm::ProfileForm(QWidget* parent)
    : QWidget(parent), preset_(new QComboBox(this)), name_(new QLineEdit(this)), note_(new QLabel(this)),
      summary_(new QLabel(this)), tabs_(new QTabWidget(this)), effective_(new QTableWidget(0, 2, this)),
      debounce_(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Preset"), this));
    preset_->addItem(tr("(custom)"));
    for (const auto& p : builtinPresets()) preset_->addItem(QString::fromStdString(p.name()));
    preset_->setObjectName("presetCombo");
    top->addWidget(preset_, 1);
    top->addWidget(new QLabel(tr("Name"), this));
    name_->setObjectName("profileName");
    top->addWidget(name_, 1);
    layout->addLayout(top);

    auto* buttons = new QHBoxLayout;
    auto* load = new QPushButton(tr("Load…"), this);
    auto* save = new QPushButton(tr("Save…"), this);
    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    menu->addAction(tr("Java .properties…"), this, [this] { exportAs("properties"); });
    menu->addAction(tr("Python (confluent_kafka) dict…"), this, [this] { exportAs("python"); });
    menu->addAction(tr("JSON…"), this, [this] { exportAs("json"); });
    menu->addSeparator();
    menu->addAction(tr("As a producer program (Python, Java, Go)…"), this, [this] {
        // Not modal: the preview follows the form while it is open.
        auto* dialog = new ExportDialog(profile(), this);
        dialog->setObjectName("exportDialog");
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(this, &ProfileForm::profileChanged, dialog, [this, dialog] { dialog->setProfile(profile()); });
        dialog->show();
    });
    exportButton->setMenu(menu);
    buttons->addWidget(load);
    buttons->addWidget(save);
    buttons->addWidget(exportButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(load, &QPushButton::clicked, this, &ProfileForm::loadFromFile);
    connect(save, &QPushButton::clicked, this, &ProfileForm::saveToFile);

    note_->setWordWrap(true);
    note_->setStyleSheet("color:#444; font-size:small;");
    layout->addWidget(note_);
    summary_->setWordWrap(true);
    summary_->setObjectName("validationSummary");
    layout->addWidget(summary_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* groupsHost = new QWidget(scroll);
    auto* groupsLayout = new QVBoxLayout(groupsHost);
    for (const auto& g : propertyGroups()) groupsLayout->addWidget(buildGroup(QString::fromStdString(g)));
    groupsLayout->addStretch();
    scroll->setWidget(groupsHost);
    tabs_->addTab(scroll, tr("Properties"));

    effective_->setHorizontalHeaderLabels({tr("property"), tr("librdkafka will run with")});
    effective_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    effective_->horizontalHeader()->setStretchLastSection(true);
    effective_->verticalHeader()->hide();
    effective_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tabs_->addTab(effective_, tr("Effective configuration"));
    layout->addWidget(tabs_, 1);

    debounce_->setSingleShot(true);
    debounce_->setInterval(250);  // validation creates a producer handle: not on every keystroke
    connect(debounce_, &QTimer::timeout, this, &ProfileForm::validateNow);
    connect(name_, &QLineEdit::textEdited, this, &ProfileForm::profileChanged);
    connect(preset_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) selectPreset(preset_->itemText(i));
    });
    selectPreset("critical");
}

QWidget* ProfileForm::buildGroup(const QString& group) {
    auto* box = new QGroupBox(QString(group).replace('&', "&&"), this);  // '&' is a mnemonic marker
    auto* v = new QVBoxLayout(box);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (const auto& info : propertyCatalog()) {
        if (QString::fromStdString(info.group) != group) continue;
        auto* e = new PropertyEditor(info, box);
        auto* label = new QLabel(QString::fromStdString(info.key), box);
        label->setToolTip(QString::fromStdString(info.help));
        label->setBuddy(e->editor());
        form->addRow(label, e);
        editors_.insert(e->key(), e);
        connect(e, &PropertyEditor::edited, this, &ProfileForm::onEdited);
    }
    v->addLayout(form);
    if (group == "Durability") {
        acksExplainer_ = new QLabel(box);
        acksExplainer_->setWordWrap(true);
        acksExplainer_->setObjectName("acksExplainer");
        v->addWidget(acksExplainer_);
    } else if (group == "Retries & timeouts") {
        diagram_ = new TimeoutDiagram(box);
        v->addWidget(diagram_);
    } else if (group == "Advanced") {
        v->addWidget(new QLabel(tr("Other librdkafka properties (key = value):"), box));
        extras_ = new ExtraPropertiesEditor(box);
        connect(extras_, &ExtraPropertiesEditor::edited, this, &ProfileForm::onEdited);
        v->addWidget(extras_);
    }
    return box;
}

PropertyEditor* ProfileForm::editorFor(const QString& key) const {
    if (auto* e = editors_.value(key)) return e;
    if (const auto* info = findProperty(key.toStdString())) return editors_.value(QString::fromStdString(info->key));
    return nullptr;
}

ProducerProfile ProfileForm::profile() const {
    ProducerProfile p;
    p.setName(name_->text().trimmed().isEmpty() ? "custom" : name_->text().trimmed().toStdString());
    p.setNote(noteText_.toStdString());
    for (const auto& info : propertyCatalog())
        if (auto* e = editors_.value(QString::fromStdString(info.key)))
            if (auto v = e->value()) p.set(info.key, *v);
    if (extras_)
        for (const auto& [k, v] : extras_->properties()) p.set(k, v);
    return p;
}

void ProfileForm::setProfile(const ProducerProfile& profile) {
    name_->setText(QString::fromStdString(profile.name()));
    noteText_ = QString::fromStdString(profile.note());
    note_->setText(noteText_);
    note_->setVisible(!noteText_.isEmpty());
    std::vector<std::pair<std::string, std::string>> extra;
    for (auto* e : editors_) e->setValue(std::nullopt);
    for (const auto& [k, v] : profile.properties()) {
        if (auto* e = editorFor(QString::fromStdString(k))) e->setValue(v);
        else extra.emplace_back(k, v);
    }
    if (extras_) extras_->setProperties(extra);
    const int idx = preset_->findText(QString::fromStdString(profile.name()));
    preset_->setCurrentIndex(idx < 0 ? 0 : idx);
    validateNow();
    emit profileChanged();
}

bool ProfileForm::selectPreset(const QString& name) {
    const auto p = findPreset(name.toStdString());
    if (!p) return false;
    setProfile(*p);
    return true;
}

void ProfileForm::onEdited() {
    if (preset_->currentIndex() != 0) {
        preset_->setCurrentIndex(0);  // edited: no longer the preset as shipped
        if (findPreset(name_->text().toStdString())) name_->setText(name_->text() + "-custom");
    }
    updateExplainers();
    debounce_->start();
    emit profileChanged();
}

void ProfileForm::validateNow() {
    debounce_->stop();
    validation_ = validateProfile(profile());
    applyIssues();
    updateExplainers();
    effective_->setRowCount(static_cast<int>(validation_.effective.size()));
    int r = 0;
    for (const auto& [k, v] : validation_.effective) {
        effective_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(k)));
        effective_->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(maskedValue(k, v))));
        ++r;
    }
    emit validated(validation_.ok());
}

void ProfileForm::applyIssues() {
    for (auto* e : editors_) e->setIssue(PropertyEditor::Issue::None, {});
    if (extras_) extras_->clearIssues();
    QMap<PropertyEditor*, QStringList> texts;
    QMap<PropertyEditor*, PropertyEditor::Issue> worst;
    QStringList general;
    int errors = 0, warnings = 0;
    for (const auto& i : validation_.issues) {
        const auto sev = i.severity == ValidationIssue::Severity::Error     ? PropertyEditor::Issue::Error
                         : i.severity == ValidationIssue::Severity::Warning ? PropertyEditor::Issue::Warning
                                                                            : PropertyEditor::Issue::Info;
        errors += sev == PropertyEditor::Issue::Error;
        warnings += sev == PropertyEditor::Issue::Warning;
        const QString msg = QString::fromStdString(i.message);
        if (auto* e = editorFor(QString::fromStdString(i.key))) {
            texts[e].append(msg);
            worst[e] = std::max(worst.value(e, PropertyEditor::Issue::None), sev);
        } else {
            if (!i.key.empty() && extras_) extras_->setIssue(QString::fromStdString(i.key), msg);
            general.append((i.key.empty() ? QString() : QString::fromStdString(i.key) + ": ") + msg);
        }
    }
    for (auto it = texts.begin(); it != texts.end(); ++it) it.key()->setIssue(worst[it.key()], it.value().join("\n"));
    QString s;
    if (errors == 0 && warnings == 0) s = "<span style='color:#2a7a2a'>" + tr("Valid: librdkafka accepts this profile.") + "</span>";
    else
        s = QString("<span style='color:%1'><b>%2</b></span>")
                .arg(errors ? "#b01818" : "#8a6200",
                     tr("%1 error(s), %2 warning(s): see the marked fields.").arg(errors).arg(warnings));
    for (const auto& g : general) s += "<br>" + g.toHtmlEscaped();
    summary_->setText(s);
}

void ProfileForm::updateExplainers() {
    if (acksExplainer_) {
        const auto* acks = editors_.value("acks");
        acksExplainer_->setText(acksTable(acks && acks->value() ? QString::fromStdString(*acks->value()) : QString()));
    }
    if (diagram_) {
        const auto get = [this](const char* key) {
            const auto* e = editors_.value(key);
            return toInt(e ? e->value() : std::nullopt, findProperty(key));
        };
        diagram_->setTimes(get("delivery.timeout.ms"), get("request.timeout.ms"), get("retry.backoff.ms"),
                           get("socket.timeout.ms"), get("retries"));
    }
}

void ProfileForm::loadFromFile() {
    AppSettings settings;
    const QString path = Dialogs::openFile(this, tr("Load profile"), tr("Profile JSON (*.json)"), settings.lastDirectory());
    if (path.isEmpty()) return;
    try {
        setProfile(ProducerProfile::loadFile(path.toStdString()));
        settings.setLastDirectory(QFileInfo(path).absolutePath());
    } catch (const std::exception& e) {
        Dialogs::error(this, tr("Load profile"), QString::fromStdString(e.what()));
    }
}

void ProfileForm::saveToFile() {
    AppSettings settings;
    const QString path = Dialogs::saveFile(this, tr("Save profile"), tr("Profile JSON (*.json)"),
                                           settings.lastDirectory() + "/" + name_->text() + ".json");
    if (path.isEmpty()) return;
    try {
        profile().saveFile(path.toStdString());
        settings.setLastDirectory(QFileInfo(path).absolutePath());
    } catch (const std::exception& e) {
        Dialogs::error(this, tr("Save profile"), QString::fromStdString(e.what()));
    }
}

void ProfileForm::exportAs(const QString& format) {
    const QString ext = format == "properties" ? "properties" : format == "python" ? "py" : "json";
    AppSettings settings;
    const QString path = Dialogs::saveFile(this, tr("Export profile (secrets masked)"), QString("*.%1").arg(ext),
                                           settings.lastDirectory() + "/" + name_->text() + "." + ext);
    if (path.isEmpty()) return;
    const auto p = profile();
    const std::string text = format == "properties" ? p.toJavaProperties(true)
                             : format == "python"   ? p.toPythonDict(true)
                                                    : p.toJsonText(true);
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
    if (!out) Dialogs::error(this, tr("Export profile"), tr("Cannot write %1").arg(path));
}

}  // namespace acklab::ui
