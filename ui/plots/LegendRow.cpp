#include "plots/LegendRow.h"

namespace acklab::ui {

void putLegendInRow(QCustomPlot& plot, int row) {
    QCPLegend* legend = plot.legend;
    plot.axisRect()->insetLayout()->take(legend);
    plot.plotLayout()->insertRow(row);
    plot.plotLayout()->addElement(row, 0, legend);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(4);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(2, 0, 2, 0));
    plot.plotLayout()->setRowStretchFactor(row, 0.001);  // as tall as its entries; the axis rect takes the rest
    plot.plotLayout()->setRowSpacing(0);
}

}  // namespace acklab::ui
