#pragma once
// "Export as code": the current profile as a runnable producer program (core/export, docs/export.md). Choose the
// language, topic and DLQ topic; the preview (monospace, read-only) follows every change; Save… writes the file
// (through Dialogs, so tests answer the file dialog), Copy puts the code on the clipboard. Self-contained: the
// window opens it with the profile being edited and may listen to saved()/copied().
#include "export/CodeExporter.h"
#include "profile/ProducerProfile.h"

#include <QDialog>
#include <QString>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace acklab::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(const ProducerProfile& profile, QWidget* parent = nullptr);

    // A new profile (e.g. the form changed while the dialog is open): the preview is generated again.
    void setProfile(const ProducerProfile& profile);
    void setLanguage(ExportLanguage language);
    ExportLanguage language() const;
    void setTopics(const QString& topic, const QString& dlqTopic);

    QString code() const { return code_; }        // "" while the input is not valid
    QString problem() const { return problem_; }  // why there is no code ("" when there is)

    // Writes the code to `path` (Python files made executable); false with the reason in problem().
    bool saveTo(const QString& path);

signals:
    void saved(const QString& path);
    void copied();

private:
    void regenerate();
    void save();
    void copy();

    ProducerProfile profile_;
    QString code_;
    QString problem_;
    QComboBox* language_ = nullptr;
    QLineEdit* topic_ = nullptr;
    QLineEdit* dlqTopic_ = nullptr;
    QPlainTextEdit* preview_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* copy_ = nullptr;
};

}  // namespace acklab::ui
