#pragma once
// A shaded stretch of time on a plot: from..to on the x axis, the whole height of the axis rect, behind the data
// (a fault from when it was fired to when it ended). The run plots and the Monitor page's plot share it.
#include <qcustomplot.h>

namespace acklab::ui {

QCPItemRect* addTimeSpan(QCustomPlot& plot, double from, double to, const QColor& fill);

}  // namespace acklab::ui
