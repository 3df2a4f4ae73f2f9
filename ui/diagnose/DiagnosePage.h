#pragma once
// The Diagnose page: "why will my producer fail here?" A form (cluster, topic, DLQ topic, profile, record size,
// connection properties) and a table of findings (severity, check, what, predicted error, remedy), from
// core/diagnose. The cluster is asked on a background thread; the page stays responsive and shows "asking ...".
#include "common/SerialWorker.h"
#include "diagnose/Diagnoser.h"
#include "profile/ProducerProfile.h"

#include <QWidget>

#include <optional>
#include <string>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace acklab::ui {

class DiagnosePage : public QWidget {
    Q_OBJECT
public:
    explicit DiagnosePage(QWidget* parent = nullptr);
    ~DiagnosePage() override;

    // Cluster choices, as the combo box names them.
    enum class Cluster { LocalKafka = 0, Bootstrap = 1, Embedded = 2 };
    // `connection`: the Cluster tab's External properties (security.protocol, sasl.*, ssl.*), used when diagnosing
    // a bootstrap; shown on the page with secrets masked. The page's own Properties box comes after them.
    void setCluster(Cluster cluster, const QString& bootstrap = {},
                    const std::vector<std::pair<std::string, std::string>>& connection = {});
    const std::vector<std::pair<std::string, std::string>>& clusterConnection() const { return connection_; }
    QString clusterConnectionText() const;
    void setTopic(const QString& topic, const QString& dlqTopic = {});
    // The profile to diagnose (e.g. the window's current one); replaces the preset choice.
    void setProfile(const ProducerProfile& profile);
    void setRecordSize(int bytes);

    bool busy() const { return busy_; }
    QTableWidget* findingsTable() const { return table_; }
    QString verdictText() const;
    const Diagnosis& lastDiagnosis() const { return last_; }

public slots:
    void diagnose();  // no-op while busy

signals:
    // After each diagnosis: acklab-cli's exit status (0 none predicted, 1 a failure predicted, 3 unreachable) and
    // the findings; or diagnoseFailed with the reason (bad input, an error while asking).
    void diagnosed(int exitStatus);
    void diagnoseFailed(const QString& reason);

private:
    void showDiagnosis(const Diagnosis& d);
    void fail(const QString& reason);
    void setBusy(bool busy);
    void updateClusterFields();  // what the cluster choice enables, and the Cluster tab's properties shown

    QComboBox* cluster_ = nullptr;
    QLineEdit* bootstrap_ = nullptr;
    QSpinBox* brokers_ = nullptr;
    QLineEdit* topic_ = nullptr;
    QLineEdit* dlqTopic_ = nullptr;
    QComboBox* profile_ = nullptr;
    QSpinBox* size_ = nullptr;
    QPlainTextEdit* properties_ = nullptr;
    QPushButton* run_ = nullptr;
    QCheckBox* probeTxn_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* verdict_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* connectionLabel_ = nullptr;
    std::vector<std::pair<std::string, std::string>> connection_;  // from the Cluster tab (External)
    std::optional<ProducerProfile> custom_;  // set by setProfile
    Diagnosis last_;
    bool busy_ = false;
    SerialWorker worker_;  // declared last: destroyed (drained) first
};

}  // namespace acklab::ui
