#include "RunStatusBar.h"

#include <QLabel>

namespace acklab::ui {

RunStatusBar::RunStatusBar(QWidget* parent)
    : QStatusBar(parent), cluster_(new QLabel(this)), state_(new QLabel(this)), inFlight_(new QLabel(this)),
      backpressure_(new QLabel(this)) {
    for (auto* l : {cluster_, state_, inFlight_, backpressure_}) {
        l->setContentsMargins(6, 0, 6, 0);
        addPermanentWidget(l);
    }
    state_->setObjectName("producerState");
    inFlight_->setToolTip(tr("Messages produced whose delivery report has not arrived yet"));
    backpressure_->setToolTip(tr("produce() answered QUEUE_FULL (the local queue was full; retried, not a failure)"));
    setProducer(tr("idle"), 0, 0);
}

void RunStatusBar::setCluster(const QString& text) { cluster_->setText(tr("Cluster: %1").arg(text)); }

void RunStatusBar::setProducer(const QString& state, quint64 inFlight, quint64 backpressure) {
    state_->setText(tr("Producer: %1").arg(state));
    inFlight_->setText(tr("In flight: %L1").arg(inFlight));
    backpressure_->setText(tr("Backpressure (QUEUE_FULL): %L1").arg(backpressure));
    backpressure_->setStyleSheet(backpressure ? "color:#8a6200" : "");
}

void RunStatusBar::showProblem(const QString& text) { showMessage(text, 10000); }

QString RunStatusBar::producerText() const { return state_->text(); }

}  // namespace acklab::ui
