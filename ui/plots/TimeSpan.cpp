#include "plots/TimeSpan.h"

namespace acklab::ui {

QCPItemRect* addTimeSpan(QCustomPlot& plot, double from, double to, const QColor& fill) {
    auto* rect = new QCPItemRect(&plot);
    for (auto* corner : {rect->topLeft, rect->bottomRight}) {
        corner->setTypeX(QCPItemPosition::ptPlotCoords);
        corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    rect->topLeft->setCoords(from, 0);
    rect->bottomRight->setCoords(to, 1);
    rect->setBrush(fill);
    rect->setPen(QPen(Qt::NoPen));
    rect->setClipToAxisRect(true);
    rect->setLayer("background");
    return rect;
}

}  // namespace acklab::ui
