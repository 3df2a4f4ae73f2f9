#pragma once
// One-click faults: each button writes a fault spec (docs/architecture.md) and asks for it to be fired now.
// Embedded: broker down/up, RTT, error code x count, leader move. Local Kafka: kill/stop/cont/restart a node.
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace acklab::ui {

class FaultPanel : public QWidget {
    Q_OBJECT
public:
    explicit FaultPanel(QWidget* parent = nullptr);

    // Enables the group the running cluster supports ("embedded", "local", "" = no run).
    void setRunningOn(const QString& clusterKind, int brokers);
    void setResult(const QString& text, bool ok);
    // The error codes the combo offers (names), for tests and the CLI's help.
    QStringList errorCodes() const;
    void selectErrorCode(const QString& name);

signals:
    void faultRequested(const QString& spec);

private:
    QGroupBox* buildEmbedded();
    QGroupBox* buildLocal();
    QGroupBox* buildText();
    void request(const QString& spec);

    QGroupBox* embedded_ = nullptr;
    QGroupBox* local_ = nullptr;
    QGroupBox* text_ = nullptr;
    QSpinBox* broker_ = nullptr;
    QComboBox* brokerLeader_ = nullptr;
    QSpinBox* rtt_ = nullptr;
    QComboBox* code_ = nullptr;
    QSpinBox* count_ = nullptr;
    QSpinBox* partition_ = nullptr;
    QSpinBox* newLeader_ = nullptr;
    QSpinBox* node_ = nullptr;
    QLineEdit* spec_ = nullptr;
    QLabel* result_ = nullptr;
};

}  // namespace acklab::ui
