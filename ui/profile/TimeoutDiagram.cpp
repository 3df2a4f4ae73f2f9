#include "profile/TimeoutDiagram.h"

#include <QPainter>

#include <algorithm>

namespace acklab::ui {

namespace {
QString ms(int64_t v) {
    if (v == 0) return QObject::tr("infinite");
    if (v >= 60000 && v % 1000 == 0) return QString("%1 s").arg(v / 1000);
    if (v >= 1000) return QString("%1 s").arg(static_cast<double>(v) / 1000.0, 0, 'g', 3);
    return QString("%1 ms").arg(v);
}
}  // namespace

TimeoutDiagram::TimeoutDiagram(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("delivery.timeout.ms bounds everything: each attempt waits up to request.timeout.ms for the "
                  "broker's acknowledgement, retries wait retry.backoff.ms in between; socket.timeout.ms is how "
                  "long librdkafka itself waits on a request before giving up on the connection."));
}

QSize TimeoutDiagram::sizeHint() const { return {380, 118}; }
QSize TimeoutDiagram::minimumSizeHint() const { return {240, 118}; }

void TimeoutDiagram::setTimes(int64_t deliveryMs, int64_t requestMs, int64_t backoffMs, int64_t socketMs,
                              int64_t retries) {
    delivery_ = std::max<int64_t>(0, deliveryMs);
    request_ = std::max<int64_t>(1, requestMs);
    backoff_ = std::max<int64_t>(0, backoffMs);
    socket_ = std::max<int64_t>(1, socketMs);
    retries_ = std::max<int64_t>(0, retries);
    update();
}

int TimeoutDiagram::attemptsThatFit() const {
    if (delivery_ == 0) return static_cast<int>(std::min<int64_t>(retries_ + 1, 1000));
    int64_t t = 0;
    int n = 0;
    while (n <= retries_ && t < delivery_ && n < 100000) {
        t += request_ + backoff_;
        ++n;
    }
    return std::max(1, n);
}

void TimeoutDiagram::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const int lh = fm.height();
    const int x0 = 4, w = width() - 8;
    // The window the drawing spans: the delivery timeout, or a few attempts when it is infinite.
    const double span = static_cast<double>(delivery_ > 0 ? delivery_ : 3 * (request_ + backoff_));
    const auto px = [&](double msv) { return x0 + static_cast<int>(std::min(1.0, msv / span) * w); };

    // delivery.timeout.ms
    int y = 2;
    p.setPen(QColor(40, 40, 40));
    p.drawText(x0, y + fm.ascent(), tr("delivery.timeout.ms = %1").arg(ms(delivery_)));
    y += lh + 1;
    p.setBrush(QColor(225, 235, 248));
    p.setPen(QColor(31, 105, 180));
    p.drawRect(x0, y, w - 1, lh + 8);

    // attempts of request.timeout.ms with retry.backoff.ms gaps
    const int fit = attemptsThatFit();
    const int drawn = std::min(fit, 40);
    double t = 0;
    for (int i = 0; i < drawn && t < span; ++i) {
        const int a = px(t), b = std::max(a + 1, px(t + static_cast<double>(request_)) - 1);
        p.setBrush(QColor(120, 170, 220));
        p.setPen(Qt::NoPen);
        p.drawRect(a + 1, y + 3, b - a - 1, lh + 2);
        if (i == 0 && b - a > fm.horizontalAdvance("attempt 1") + 4) {
            p.setPen(Qt::white);
            p.drawText(a + 4, y + 3 + fm.ascent(), tr("attempt 1"));
        }
        t += static_cast<double>(request_);
        if (t < span) {
            p.setBrush(QColor(230, 160, 0));
            p.drawRect(px(t), y + 3, std::max(1, px(t + static_cast<double>(backoff_)) - px(t)), lh + 2);
        }
        t += static_cast<double>(backoff_);
    }
    y += lh + 12;
    p.setPen(QColor(40, 40, 40));
    const QString attempts = fit >= 100000 ? tr("many") : QString::number(fit);
    p.drawText(x0, y + fm.ascent(),
               tr("%1 attempt(s) × request.timeout.ms %2, retry.backoff.ms %3 between, retries %4")
                   .arg(attempts, ms(request_), ms(backoff_), retries_ >= 2147483647 ? tr("∞") : QString::number(retries_)));
    y += lh + 4;

    // socket.timeout.ms: librdkafka's own wait on a request
    const int sx = px(static_cast<double>(socket_));
    p.setPen(QPen(QColor(130, 50, 170), 2));
    p.drawLine(x0, y + lh / 2, sx, y + lh / 2);
    p.drawLine(sx, y + 2, sx, y + lh - 2);
    p.setPen(QColor(40, 40, 40));
    const QString st = tr("socket.timeout.ms = %1 (client-side wait per request)").arg(ms(socket_));
    const int tx = std::min(sx + 6, x0 + w - fm.horizontalAdvance(st));
    p.drawText(std::max(x0, tx), y + lh + fm.ascent(), st);
}

}  // namespace acklab::ui
