#pragma once
// The status bar: cluster, producer state, in flight, backpressure; problems as temporary messages.
#include <QStatusBar>

class QLabel;

namespace acklab::ui {

class RunStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit RunStatusBar(QWidget* parent = nullptr);

    void setCluster(const QString& text);
    void setProducer(const QString& state, quint64 inFlight, quint64 backpressure);
    void showProblem(const QString& text);
    QString producerText() const;

private:
    QLabel* cluster_;
    QLabel* state_;
    QLabel* inFlight_;
    QLabel* backpressure_;
};

}  // namespace acklab::ui
