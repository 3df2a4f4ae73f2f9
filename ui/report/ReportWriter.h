#pragma once
// "Save report…": one HTML page (htmlReport: inline SVG plots, no scripts) with the JSON report and the CSV
// timeline next to it, named after the chosen file: report.html, report.json, report.csv.
#include "scenario/RunReport.h"
#include "scenario/ScenarioResult.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace acklab::ui {

class ReportWriter {
public:
    // The three paths for a chosen name ("x", "x.html" or "x.json" -> x.html, x.json, x.csv).
    static QStringList paths(const QString& chosen);
    // A plain run or a compare. Returns the files written; on failure, nothing and *error names the path.
    static QStringList saveRuns(const QString& chosen, const std::vector<acklab::RunRecord>& records,
                                const QString& title, QString* error);
    static QStringList saveScenario(const QString& chosen, const acklab::ScenarioResult& result, QString* error);

private:
    static QStringList write(const QString& chosen, const std::string& html, const std::string& json,
                             const std::string& csv, QString* error);
};

}  // namespace acklab::ui
