#pragma once
// Where the traffic goes: Embedded (ready at launch, with a small network model), Local Kafka (real
// processes; up/down off the UI thread) or External (bootstrap servers + security). Says, honestly, what the
// chosen cluster cannot show, and feeds the live cluster view: the preview before a run, then the run's
// cluster polled while it goes (embedded from the mock's own state, Local and External from metadata,
// read off the UI thread).
#include "cluster/Cluster.h"
#include "common/SerialWorker.h"
#include "traffic/RunSession.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace acklab {
class EmbeddedCluster;
class LocalKafkaCluster;
}  // namespace acklab

namespace acklab::ui {

class ClusterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ClusterPanel(QWidget* parent = nullptr);
    ~ClusterPanel() override;

    ClusterChoice choice() const;
    Cluster* sharedCluster() const;  // Local Kafka when chosen and up; nullptr otherwise
    QString kindName() const;        // "embedded", "local", "external"
    void setKind(const QString& kind);
    void setEmbeddedBrokers(int n);
    int embeddedRttMs() const;
    void setEmbeddedRttMs(int ms);
    QString describe() const;
    void showView(const ClusterView& view);  // passes it on as viewChanged
    void republish() { rebuildPreview(); }   // the chosen cluster's view again (for a view connected late)
    void setTopic(const std::string& topic, int partitions);  // the preview shows this topic's leaders
    bool localAvailable() const { return localAvailable_; }
    // Local Kafka: reads node states and the topic's leaders/ISR again (off the UI thread), e.g. after a kill.
    void refreshLocalStatus();
    // Polls the session's cluster (its first, when each profile has its own) until unwatch(): every 250 ms
    // on the embedded cluster, every 500 ms (metadata, off the UI thread) on Local Kafka and External.
    void watch(RunSession* session, QElapsedTimer runClock);
    void unwatch();  // before the session goes
    // Starts Local Kafka (when it is down) and chooses it: the "see it for real" button's one click.
    void switchToLocalKafka();

signals:
    void changed();
    void message(const QString& text);  // for the status bar / event log
    void viewChanged(const acklab::ClusterView& view, double runSeconds);  // runSeconds -1: no run

private:
    QWidget* buildEmbeddedPage();
    QWidget* buildLocalPage();
    QWidget* buildExternalPage();
    void rebuildPreview();
    void runLocal(const QString& what);  // "up", "down", "status", "probe" on the worker thread
    void poll();

    QComboBox* kind_;
    QStackedWidget* pages_;
    QSpinBox* brokers_ = nullptr;
    QSpinBox* rtt_ = nullptr;
    QLabel* embeddedState_ = nullptr;
    QLabel* localState_ = nullptr;
    QPushButton* localUp_ = nullptr;
    QPushButton* localDown_ = nullptr;
    QPushButton* localStatus_ = nullptr;
    QLineEdit* bootstrap_ = nullptr;
    QComboBox* security_ = nullptr;
    QComboBox* mechanism_ = nullptr;
    QLineEdit* user_ = nullptr;
    QLineEdit* password_ = nullptr;
    QLabel* limits_;
    QTimer* poll_;
    std::unique_ptr<EmbeddedCluster> preview_;
    std::unique_ptr<LocalKafkaCluster> local_;
    bool localRunning_ = false;
    bool localAvailable_ = false;
    bool localBusy_ = false;      // an up/down/status is under way on worker_
    bool pollBusy_ = false;       // a metadata poll is under way on worker_
    bool upThenChoose_ = false;
    RunSession* watched_ = nullptr;
    QElapsedTimer runClock_;
    std::string topic_ = "acklab-test";
    int partitions_ = 3;
    SerialWorker worker_;  // declared last: destroyed (drained) first, before local_ it may be using
};

}  // namespace acklab::ui
