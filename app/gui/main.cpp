// acklab: the window. Thin; everything lives in ui/ and core/.
#include <QApplication>
#include <QLabel>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QLabel placeholder("AckLab window under construction");
    placeholder.show();
    return app.exec();
}
