// The composer: validation shows librdkafka's own text on the field it is about, every issue at once.
#include "Dialogs.h"
#include "profile/ProfileForm.h"
#include "profile/PropertyEditor.h"
#include "profile/TimeoutDiagram.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace acklab;
using namespace acklab::ui;

class ProfileFormTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        Dialogs::setInterceptor([this](const Dialogs::Request& r) {
            requests_.append(r.title);
            return answer_;
        });
    }

    void idempotenceWithTenInFlightIsRefusedOnThatField() {
        ProfileForm form;
        form.selectPreset("critical");
        QVERIFY(form.lastValidation().ok());
        form.editorFor("enable.idempotence")->setValue(std::string("true"));
        form.editorFor("max.in.flight.requests.per.connection")->setValue(std::string("10"));
        QSignalSpy spy(&form, &ProfileForm::validated);
        form.validateNow();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toBool(), false);
        auto* field = form.editorFor("max.in.flight.requests.per.connection");
        QCOMPARE(field->issue(), PropertyEditor::Issue::Error);
        // librdkafka 2.0.2's own refusal text, next to the field.
        QVERIFY2(field->issueText().contains("`max.in.flight` must be set <= 5 when `enable.idempotence` is true"),
                 qPrintable(field->issueText()));
        // The alias resolves to the same field.
        QCOMPARE(form.editorFor("max.in.flight"), field);
        // Other fields carry no error.
        QCOMPARE(form.editorFor("acks")->issue(), PropertyEditor::Issue::None);
        // librdkafka refused to create the producer: there is no configuration it "will run with" to show.
        QVERIFY(!form.lastValidation().ok());
        QCOMPARE(form.effectiveView()->rowCount(), 0);
    }

    void allIssuesAtOnce() {
        ProfileForm form;
        form.selectPreset("critical");
        form.editorFor("enable.idempotence")->setValue(std::string("true"));
        form.editorFor("acks")->setValue(std::string("1"));
        form.editorFor("max.in.flight.requests.per.connection")->setValue(std::string("10"));
        form.editorFor("linger.ms")->setValue(std::string("banana"));
        form.validateNow();
        QCOMPARE(form.editorFor("acks")->issue(), PropertyEditor::Issue::Error);
        QCOMPARE(form.editorFor("max.in.flight.requests.per.connection")->issue(), PropertyEditor::Issue::Error);
        QCOMPARE(form.editorFor("linger.ms")->issue(), PropertyEditor::Issue::Error);
        QVERIFY(!form.editorFor("linger.ms")->issueText().isEmpty());
    }

    void presetFillsTheFormAndEffectiveConfiguration() {
        ProfileForm form;
        QVERIFY(form.selectPreset("production"));
        QCOMPARE(form.editorFor("compression.type")->value().value_or(""), std::string("lz4"));
        QCOMPARE(form.profile().get("delivery.timeout.ms").value_or(""), std::string("120000"));
        QVERIFY(form.lastValidation().ok());
        QVERIFY(form.effectiveView()->rowCount() > 10);
        QVERIFY(!form.selectPreset("no-such-preset"));
    }

    void editingRevalidatesAfterADebounce() {
        ProfileForm form;
        form.selectPreset("critical");
        QSignalSpy spy(&form, &ProfileForm::validated);
        auto* line = qobject_cast<QLineEdit*>(form.editorFor("linger.ms")->editor());
        QVERIFY(line);
        QTest::keyClicks(line, "-5");
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.last().at(0).toBool(), false);
        QCOMPARE(form.editorFor("linger.ms")->issue(), PropertyEditor::Issue::Error);
    }

    void saveLoadAndExportMaskSecrets() {
        QTemporaryDir dir;
        ProfileForm form;
        form.selectPreset("critical");
        form.editorFor("sasl.password")->setValue(std::string("s3cret"));
        answer_ = dir.filePath("p.json");
        form.saveToFile();
        form.selectPreset("metrics");
        form.loadFromFile();
        QCOMPARE(form.profile().get("sasl.password").value_or(""), std::string("s3cret"));
        QCOMPARE(form.profile().get("acks").value_or(""), std::string("all"));
        answer_ = dir.filePath("p.properties");
        form.exportAs("properties");
        std::ifstream in(answer_.toStdString());
        std::stringstream text;
        text << in.rdbuf();
        QVERIFY(text.str().find("acks=all") != std::string::npos);
        QVERIFY(text.str().find("s3cret") == std::string::npos);  // masked in every export
        answer_.clear();
    }

    void timeoutDiagramCountsAttempts() {
        TimeoutDiagram d;
        d.setTimes(120000, 30000, 100, 60000, 2147483647);
        QCOMPARE(d.attemptsThatFit(), 4);
        d.setTimes(120000, 30000, 100, 60000, 1);
        QCOMPARE(d.attemptsThatFit(), 2);
    }

private:
    QStringList requests_;
    QString answer_;
};

QTEST_MAIN(ProfileFormTest)
#include "ProfileFormTest.moc"
