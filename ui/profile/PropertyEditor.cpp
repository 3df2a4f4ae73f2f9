#include "profile/PropertyEditor.h"

#include "ColorScheme.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace acklab::ui {

PropertyEditor::PropertyEditor(const PropertyInfo& info, QWidget* parent) : QWidget(parent), info_(info) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    const QString help = QString::fromStdString(info_.help);
    const QString def = QString::fromStdString(info_.defaultValue);
    if (info_.type == PropertyType::Enum || info_.type == PropertyType::Boolean) {
        combo_ = new QComboBox(this);
        combo_->addItem(def.isEmpty() ? tr("(not set)") : tr("default (%1)").arg(def), QString());
        const std::vector<std::string> values =
            info_.type == PropertyType::Boolean ? std::vector<std::string>{"true", "false"} : info_.allowed;
        for (const auto& v : values) combo_->addItem(QString::fromStdString(v), QString::fromStdString(v));
        combo_->setToolTip(help);
        connect(combo_, &QComboBox::activated, this, &PropertyEditor::edited);
        layout->addWidget(combo_);
    } else {
        line_ = new QLineEdit(this);
        line_->setPlaceholderText(def.isEmpty() ? tr("not set") : tr("default %1").arg(def));
        line_->setClearButtonEnabled(true);
        if (info_.type == PropertyType::Password) line_->setEchoMode(QLineEdit::PasswordEchoOnEdit);
        line_->setToolTip(help);
        connect(line_, &QLineEdit::textEdited, this, &PropertyEditor::edited);
        layout->addWidget(line_);
    }
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    hint_->setObjectName("hint");
    hint_->hide();
    layout->addWidget(hint_);
    setToolTip(help);
}

QWidget* PropertyEditor::editor() const { return combo_ ? static_cast<QWidget*>(combo_) : static_cast<QWidget*>(line_); }

std::optional<std::string> PropertyEditor::value() const {
    if (combo_) {
        const QString v = combo_->currentData().toString();
        if (v.isEmpty()) return std::nullopt;
        return v.toStdString();
    }
    const QString v = line_->text().trimmed();
    if (v.isEmpty()) return std::nullopt;
    return v.toStdString();
}

void PropertyEditor::setValue(const std::optional<std::string>& value) {
    const QString v = value ? QString::fromStdString(*value) : QString();
    if (combo_) {
        int idx = combo_->findData(v);
        if (idx < 0 && !v.isEmpty()) {  // a value outside the catalogue's list: keep it, validation will judge it
            combo_->addItem(v, v);
            idx = combo_->count() - 1;
        }
        combo_->setCurrentIndex(idx < 0 ? 0 : idx);
    } else {
        line_->setText(v);
    }
}

QString PropertyEditor::issueText() const { return hint_->isVisibleTo(this) ? hint_->text() : QString(); }

void PropertyEditor::setIssue(Issue issue, const QString& text) {
    issue_ = issue;
    QWidget* e = editor();
    if (issue == Issue::None || text.isEmpty()) {
        hint_->clear();
        hint_->hide();
        e->setStyleSheet({});
        return;
    }
    const QColor bg = issue == Issue::Error ? ColorScheme::fieldError() : ColorScheme::fieldWarning();
    const QColor fg = issue == Issue::Error ? QColor(170, 20, 20) : QColor(130, 90, 0);
    if (issue != Issue::Info) e->setStyleSheet(QString("background-color: %1;").arg(bg.name()));
    hint_->setStyleSheet(QString("color: %1;").arg(issue == Issue::Info ? QString("#555") : fg.name()));
    hint_->setText(text);
    hint_->show();
}

}  // namespace acklab::ui
