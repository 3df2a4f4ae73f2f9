#pragma once
// The profile composer: generated from the property catalogue, grouped as the catalogue groups it, validated
// as a whole (every issue at once, librdkafka's own text next to the field it is about).
#include "profile/ProducerProfile.h"
#include "profile/ProfileValidator.h"

#include <QMap>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;
class QTabWidget;
class QTimer;

namespace acklab::ui {

class ExtraPropertiesEditor;
class PropertyEditor;
class TimeoutDiagram;

class ProfileForm : public QWidget {
    Q_OBJECT
public:
    explicit ProfileForm(QWidget* parent = nullptr);

    ProducerProfile profile() const;
    void setProfile(const ProducerProfile& profile);  // validates at once
    bool selectPreset(const QString& name);           // false when there is no such preset
    void validateNow();
    const ValidationResult& lastValidation() const { return validation_; }
    PropertyEditor* editorFor(const QString& key) const;
    QTableWidget* effectiveView() const { return effective_; }

public slots:
    void loadFromFile();
    void saveToFile();
    void exportAs(const QString& format);  // "properties", "python", "json"

signals:
    void profileChanged();
    void validated(bool ok);

private:
    QWidget* buildGroup(const QString& group);
    void onEdited();
    void applyIssues();
    void updateExplainers();

    QComboBox* preset_;
    QLineEdit* name_;
    QLabel* note_;
    QLabel* summary_;
    QTabWidget* tabs_;
    QTableWidget* effective_;
    QLabel* acksExplainer_ = nullptr;
    TimeoutDiagram* diagram_ = nullptr;
    ExtraPropertiesEditor* extras_ = nullptr;
    QMap<QString, PropertyEditor*> editors_;
    QTimer* debounce_;
    ValidationResult validation_;
    QString noteText_;
};

}  // namespace acklab::ui
