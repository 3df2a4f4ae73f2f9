#include "report/ReportWriter.h"

#include "scenario/HtmlReport.h"

#include <QFileInfo>

namespace acklab::ui {

QStringList ReportWriter::paths(const QString& chosen) {
    QString base = chosen;
    const QString suffix = QFileInfo(chosen).suffix().toLower();
    if (suffix == "html" || suffix == "htm" || suffix == "json" || suffix == "csv") base.chop(suffix.size() + 1);
    return {base + ".html", base + ".json", base + ".csv"};
}

QStringList ReportWriter::saveRuns(const QString& chosen, const std::vector<RunRecord>& records, const QString& title,
                                   QString* error) {
    if (records.empty()) {
        if (error) *error = QObject::tr("no finished run to report on");
        return {};
    }
    std::string csv;
    for (const auto& r : records) {
        if (records.size() > 1) csv += "# profile " + r.result.profileName + "\n";
        csv += timelineCsv(r);
    }
    const nlohmann::json json = records.size() == 1 ? reportJson(records.front()) : compareJson(records);
    return write(chosen, htmlReport(records, title.toStdString()), json.dump(2), csv, error);
}

QStringList ReportWriter::saveScenario(const QString& chosen, const ScenarioResult& result, QString* error) {
    if (result.runs.empty()) {
        if (error) *error = QObject::tr("the scenario has not been played yet");
        return {};
    }
    return write(chosen, htmlReport(result), result.toJson().dump(2), result.timelineCsvText(), error);
}

QStringList ReportWriter::write(const QString& chosen, const std::string& html, const std::string& json,
                                const std::string& csv, QString* error) {
    const QStringList p = paths(chosen);
    try {
        writeTextFile(p[0].toStdString(), html);
        writeTextFile(p[1].toStdString(), json + "\n");
        writeTextFile(p[2].toStdString(), csv);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
    return p;
}

}  // namespace acklab::ui
