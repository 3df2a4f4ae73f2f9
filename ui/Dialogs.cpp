#include "Dialogs.h"

#include <QFileDialog>
#include <QMessageBox>

namespace acklab::ui {

namespace {
Dialogs::Interceptor& interceptor() {
    static Dialogs::Interceptor i;
    return i;
}
QStringList& historyList() {
    static QStringList h;
    return h;
}
}  // namespace

void Dialogs::setInterceptor(Interceptor i) { interceptor() = std::move(i); }
const QStringList& Dialogs::history() { return historyList(); }

QString Dialogs::ask(QWidget* parent, const Request& r) {
    historyList().append(r.title);
    if (interceptor()) return interceptor()(r);
    switch (r.kind) {
        case Kind::Information: QMessageBox::information(parent, r.title, r.text); return {};
        case Kind::Warning: QMessageBox::warning(parent, r.title, r.text); return {};
        case Kind::Error: QMessageBox::critical(parent, r.title, r.text); return {};
        case Kind::Question:
            return QMessageBox::question(parent, r.title, r.text) == QMessageBox::Yes ? QString("yes") : QString("no");
        case Kind::OpenFile: return QFileDialog::getOpenFileName(parent, r.title, r.initial, r.text);
        case Kind::SaveFile: return QFileDialog::getSaveFileName(parent, r.title, r.initial, r.text);
    }
    return {};
}

void Dialogs::information(QWidget* p, const QString& t, const QString& text) { ask(p, {Kind::Information, t, text, {}}); }
void Dialogs::warning(QWidget* p, const QString& t, const QString& text) { ask(p, {Kind::Warning, t, text, {}}); }
void Dialogs::error(QWidget* p, const QString& t, const QString& text) { ask(p, {Kind::Error, t, text, {}}); }
bool Dialogs::question(QWidget* p, const QString& t, const QString& text) {
    return ask(p, {Kind::Question, t, text, {}}) == "yes";
}
QString Dialogs::openFile(QWidget* p, const QString& t, const QString& filter, const QString& initial) {
    return ask(p, {Kind::OpenFile, t, filter, initial});
}
QString Dialogs::saveFile(QWidget* p, const QString& t, const QString& filter, const QString& initial) {
    return ask(p, {Kind::SaveFile, t, filter, initial});
}

}  // namespace acklab::ui
