#pragma once
// A plot's legend in a row of its own above the axis rect, entries side by side (four to a line), so it never
// covers the data. The run plots put it under their title, the Monitor page's plot at the top.
#include <qcustomplot.h>

namespace acklab::ui {

void putLegendInRow(QCustomPlot& plot, int row);

}  // namespace acklab::ui
