#pragma once
// One catalogued producer property: the editor its type calls for, plus the validation hint under it.
// Empty means "not set": librdkafka's default (shown as the placeholder) applies.
#include "profile/PropertyCatalog.h"

#include <QWidget>

#include <optional>
#include <string>

class QComboBox;
class QLabel;
class QLineEdit;

namespace acklab::ui {

class PropertyEditor : public QWidget {
    Q_OBJECT
public:
    enum class Issue { None, Info, Warning, Error };

    explicit PropertyEditor(const PropertyInfo& info, QWidget* parent = nullptr);

    const PropertyInfo& info() const { return info_; }
    QString key() const { return QString::fromStdString(info_.key); }
    std::optional<std::string> value() const;
    void setValue(const std::optional<std::string>& value);  // does not emit edited()

    void setIssue(Issue issue, const QString& text);  // shows text under the editor, colours the field
    Issue issue() const { return issue_; }
    QString issueText() const;
    QWidget* editor() const;

signals:
    void edited();

private:
    PropertyInfo info_;
    QComboBox* combo_ = nullptr;  // Enum, Boolean
    QLineEdit* line_ = nullptr;   // everything else
    QLabel* hint_ = nullptr;
    Issue issue_ = Issue::None;
};

}  // namespace acklab::ui
