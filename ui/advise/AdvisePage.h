#pragma once
// The Advise page: requirements in (latency, loss, duplicates, rate, brokers, idempotent consumers, ordering), a
// recommended profile out with the reason for every setting (core/advise), saved as a profile file; Verify runs it
// on the embedded cluster or Local Kafka through a broker failure, on a background thread, and says whether the
// requirements held.
#include "advise/AdviceVerifier.h"
#include "advise/Advisor.h"
#include "common/SerialWorker.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace acklab::ui {

class AdvisePage : public QWidget {
    Q_OBJECT
public:
    explicit AdvisePage(QWidget* parent = nullptr);
    ~AdvisePage() override;

    // The lesson's three event types, as the "Example" box offers them.
    enum class Example { TaskEvents = 1, Analytics = 2, Metrics = 3 };
    void loadExample(Example example);
    void setRequirements(const Requirements& r);
    Requirements requirements() const;  // throws RequirementsError for a loss text that does not parse

    enum class VerifyCluster { Embedded = 0, LocalKafka = 1 };
    void setVerifyCluster(VerifyCluster cluster);
    void setVerifyDurations(int64_t steadyMs, int64_t faultRunMs);  // defaults: VerifyOptions'

    const std::optional<Advice>& advice() const { return advice_; }
    QTableWidget* reasonsTable() const { return table_; }
    QString verifyText() const;
    bool verifying() const { return verifying_; }

public slots:
    void recommend();                    // advise() now (it is instant)
    bool saveTo(const QString& path);    // the recommended profile as a profile file; false (and says why) on failure
    void verify();                       // off the UI thread; no-op while verifying or with no advice

signals:
    void advised(const acklab::ProducerProfile& profile);
    void adviceFailed(const QString& reason);
    void profileSaved(const QString& path);
    void verified(bool held);            // the verification ran; held: every requirement held
    void verifyFailed(const QString& reason);

private:
    void showVerify(const Advice& advice, const VerifyResult& v);
    void saveWithDialog();

    QComboBox* example_ = nullptr;
    QSpinBox* latency_ = nullptr;
    QComboBox* loss_ = nullptr;
    QCheckBox* duplicatesOk_ = nullptr;
    QSpinBox* rate_ = nullptr;
    QSpinBox* brokers_ = nullptr;
    QCheckBox* idempotentConsumers_ = nullptr;
    QCheckBox* ordering_ = nullptr;
    QLineEdit* name_ = nullptr;
    QPushButton* adviseButton_ = nullptr;
    QPushButton* save_ = nullptr;
    QComboBox* verifyCluster_ = nullptr;
    QPushButton* verifyButton_ = nullptr;
    QLabel* status_ = nullptr;
    QTableWidget* table_ = nullptr;
    QPlainTextEdit* verifyLog_ = nullptr;
    std::optional<Advice> advice_;
    int64_t steadyMs_ = VerifyOptions{}.steadyRunMs;
    int64_t faultRunMs_ = VerifyOptions{}.faultRunMs;
    bool verifying_ = false;
    SerialWorker worker_;  // declared last: destroyed (drained) first
};

}  // namespace acklab::ui
