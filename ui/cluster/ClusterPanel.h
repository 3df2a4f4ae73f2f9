#pragma once
// Where the traffic goes: Embedded (ready at launch), Local Kafka (real processes; up/down off the UI thread)
// or External (bootstrap servers + security). Shows brokers, partition leaders and, honestly, what the chosen
// cluster cannot show.
#include "cluster/Cluster.h"
#include "traffic/RunSession.h"

#include <QWidget>

#include <memory>
#include <thread>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;

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
    QString describe() const;
    void showView(const ClusterView& view);
    void setTopic(const std::string& topic, int partitions);  // the preview shows this topic's leaders
    bool localAvailable() const { return localAvailable_; }
    // Local Kafka: reads node states and the topic's leaders/ISR again (off the UI thread), e.g. after a kill.
    void refreshLocalStatus();

signals:
    void changed();
    void message(const QString& text);  // for the status bar / event log

private:
    QWidget* buildEmbeddedPage();
    QWidget* buildLocalPage();
    QWidget* buildExternalPage();
    void rebuildPreview();
    void runLocal(const QString& what);  // "up", "down", "status" on a worker thread

    QComboBox* kind_;
    QStackedWidget* pages_;
    QSpinBox* brokers_ = nullptr;
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
    QTreeWidget* view_;
    QLabel* limits_;
    std::unique_ptr<EmbeddedCluster> preview_;
    std::unique_ptr<LocalKafkaCluster> local_;
    bool localRunning_ = false;
    bool localAvailable_ = false;
    std::thread worker_;
    std::string topic_ = "acklab-test";
    int partitions_ = 3;
};

}  // namespace acklab::ui
