#include "ColorScheme.h"

#include <array>

namespace acklab::ui {

QColor ColorScheme::profile(int index) {
    // Blue, green, orange-brown, teal, pink, grey: distinct from the error-class amber/red/purple.
    static const std::array<QColor, 6> colors = {QColor(31, 105, 180), QColor(44, 150, 60), QColor(150, 90, 30),
                                                 QColor(20, 150, 160), QColor(210, 80, 170), QColor(100, 100, 100)};
    return colors[static_cast<size_t>(index < 0 ? 0 : index) % colors.size()];
}

QColor ColorScheme::errorClass(const QString& cls) {
    if (cls == "transient") return QColor(230, 160, 0);
    if (cls == "permanent") return QColor(205, 40, 40);
    if (cls == "fatal") return QColor(130, 50, 170);
    return QColor(90, 90, 90);
}

QColor ColorScheme::errorClassBackground(const QString& cls) {
    if (cls == "transient") return QColor(255, 243, 205);
    if (cls == "permanent") return QColor(252, 222, 222);
    if (cls == "fatal") return QColor(236, 222, 248);
    return QColor();
}

QColor ColorScheme::fieldError() { return QColor(252, 215, 215); }
QColor ColorScheme::fieldWarning() { return QColor(255, 240, 200); }
QColor ColorScheme::faultMarker() { return QColor(120, 120, 120); }

}  // namespace acklab::ui
