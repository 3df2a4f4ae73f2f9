#pragma once
// How the producer's timeouts nest (the lesson's "How timeouts interact"): delivery.timeout.ms contains
// attempts of request.timeout.ms separated by retry.backoff.ms; socket.timeout.ms is the client's own wait.
#include <QWidget>

#include <cstdint>

namespace acklab::ui {

class TimeoutDiagram : public QWidget {
    Q_OBJECT
public:
    explicit TimeoutDiagram(QWidget* parent = nullptr);

    void setTimes(int64_t deliveryMs, int64_t requestMs, int64_t backoffMs, int64_t socketMs, int64_t retries);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    int attemptsThatFit() const;  // how many request.timeout.ms attempts fit in delivery.timeout.ms (<= retries+1)

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int64_t delivery_ = 300000, request_ = 30000, backoff_ = 100, socket_ = 60000, retries_ = 2147483647;
};

}  // namespace acklab::ui
