#pragma once
// The ONE way the window asks or tells the user something modally (docs/architecture.md, rule 6). Tests install
// an interceptor and get every request instead of a blocking dialog.
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace acklab::ui {

class Dialogs {
public:
    enum class Kind { Information, Warning, Error, Question, OpenFile, SaveFile };
    struct Request {
        Kind kind = Kind::Information;
        QString title;
        QString text;     // message, or the file filter for file dialogs
        QString initial;  // initial path for file dialogs
    };
    // Returns the answer: "yes"/"no" for questions, a path ("" = cancelled) for file dialogs, "" otherwise.
    using Interceptor = std::function<QString(const Request&)>;

    static void setInterceptor(Interceptor interceptor);  // empty = real dialogs again
    static const QStringList& history();                  // titles of every request, for tests

    static void information(QWidget* parent, const QString& title, const QString& text);
    static void warning(QWidget* parent, const QString& title, const QString& text);
    static void error(QWidget* parent, const QString& title, const QString& text);
    static bool question(QWidget* parent, const QString& title, const QString& text);
    static QString openFile(QWidget* parent, const QString& title, const QString& filter, const QString& initial = {});
    static QString saveFile(QWidget* parent, const QString& title, const QString& filter, const QString& initial = {});

private:
    static QString ask(QWidget* parent, const Request& r);
};

}  // namespace acklab::ui
