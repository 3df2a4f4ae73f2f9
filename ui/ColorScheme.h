#pragma once
// The window's colours, in one place: one colour per profile, one per error class.
#include <QColor>
#include <QString>

namespace acklab::ui {

class ColorScheme {
public:
    static QColor profile(int index);                 // stable per index, readable on white
    static QColor errorClass(const QString& cls);     // transient amber, permanent red, fatal purple
    static QColor errorClassBackground(const QString& cls);  // light tint for table rows
    static QColor fieldError();                       // background of a refused field
    static QColor fieldWarning();
    static QColor faultMarker();
};

}  // namespace acklab::ui
