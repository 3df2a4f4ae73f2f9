#include "export/ExportDialog.h"

#include "Dialogs.h"
#include "profile/ProfileValidator.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace acklab::ui {

ExportDialog::ExportDialog(const ProducerProfile& profile, QWidget* parent) : QDialog(parent), profile_(profile) {
    setWindowTitle(tr("Export as code"));
    setObjectName("exportDialog");

    language_ = new QComboBox(this);
    language_->setObjectName("exportLanguage");
    language_->addItem(tr("Python (confluent_kafka)"), static_cast<int>(ExportLanguage::Python));
    language_->addItem(tr("Java (kafka-clients 4.x)"), static_cast<int>(ExportLanguage::Java));
    language_->addItem(tr("Go (confluent-kafka-go v2)"), static_cast<int>(ExportLanguage::Go));
    const ExportOptions defaults;
    topic_ = new QLineEdit(QString::fromStdString(defaults.topic), this);
    topic_->setObjectName("exportTopic");
    dlqTopic_ = new QLineEdit(QString::fromStdString(defaults.dlqTopic), this);
    dlqTopic_->setObjectName("exportDlqTopic");

    auto* form = new QFormLayout;
    form->addRow(tr("Language"), language_);
    form->addRow(tr("Topic"), topic_);
    form->addRow(tr("DLQ topic"), dlqTopic_);

    preview_ = new QPlainTextEdit(this);
    preview_->setObjectName("exportPreview");
    preview_->setReadOnly(true);
    preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace);
    preview_->setFont(mono);

    status_ = new QLabel(this);
    status_->setObjectName("exportStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    save_ = new QPushButton(tr("Save…"), this);
    save_->setObjectName("exportSave");
    copy_ = new QPushButton(tr("Copy"), this);
    copy_->setObjectName("exportCopy");
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(save_, QDialogButtonBox::ActionRole);
    buttons->addButton(copy_, QDialogButtonBox::ActionRole);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(preview_, 1);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    resize(900, 700);

    connect(language_, &QComboBox::currentIndexChanged, this, &ExportDialog::regenerate);
    connect(topic_, &QLineEdit::textChanged, this, &ExportDialog::regenerate);
    connect(dlqTopic_, &QLineEdit::textChanged, this, &ExportDialog::regenerate);
    connect(save_, &QPushButton::clicked, this, &ExportDialog::save);
    connect(copy_, &QPushButton::clicked, this, &ExportDialog::copy);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    regenerate();
}

void ExportDialog::setProfile(const ProducerProfile& profile) {
    profile_ = profile;
    regenerate();
}

void ExportDialog::setLanguage(ExportLanguage language) {
    language_->setCurrentIndex(language_->findData(static_cast<int>(language)));
}

ExportLanguage ExportDialog::language() const { return static_cast<ExportLanguage>(language_->currentData().toInt()); }

void ExportDialog::setTopics(const QString& topic, const QString& dlqTopic) {
    topic_->setText(topic);
    dlqTopic_->setText(dlqTopic);
}

void ExportDialog::regenerate() {
    code_.clear();
    problem_.clear();
    // Code for a configuration librdkafka refuses would fail at its first line: the same check as the CLI.
    const ValidationResult v = validateProfile(profile_);
    if (!v.ok()) {
        problem_ = tr("Profile '%1' is not valid:\n%2")
                       .arg(QString::fromStdString(profile_.name()), QString::fromStdString(v.summary()).trimmed());
    } else {
        ExportOptions o;
        o.topic = topic_->text().trimmed().toStdString();
        o.dlqTopic = dlqTopic_->text().trimmed().toStdString();
        try {
            code_ = QString::fromStdString(CodeExporter::generate(profile_, language(), o));
        } catch (const ExportError& e) {
            problem_ = QString::fromStdString(e.what());
        }
    }
    preview_->setPlainText(code_.isEmpty() ? problem_ : code_);
    save_->setEnabled(!code_.isEmpty());
    copy_->setEnabled(!code_.isEmpty());
    status_->setStyleSheet(problem_.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
    status_->setText(problem_.isEmpty()
                         ? tr("Save as %1. Failures are classified with AckLab's error table; permanent ones go to the "
                              "DLQ topic as AckLab's envelope (acklab-cli dlq list reads them). See docs/export.md.")
                               .arg(QString::fromStdString(CodeExporter::defaultFileName(language())))
                         : problem_);
}

bool ExportDialog::saveTo(const QString& path) {
    if (code_.isEmpty()) return false;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(code_.toUtf8()) < 0 || !f.flush()) {
        problem_ = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    if (language() == ExportLanguage::Python)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther);
    f.close();
    emit saved(path);
    return true;
}

void ExportDialog::save() {
    const QString name = QString::fromStdString(CodeExporter::defaultFileName(language()));
    const QString path = Dialogs::saveFile(this, tr("Save exported producer"), tr("Source files (*.py *.java *.go)"), name);
    if (path.isEmpty()) return;
    if (!saveTo(path)) Dialogs::error(this, tr("Export as code"), problem_);
}

void ExportDialog::copy() {
    if (code_.isEmpty()) return;
    QApplication::clipboard()->setText(code_);
    emit copied();
}

}  // namespace acklab::ui
