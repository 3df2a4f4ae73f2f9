#pragma once
// The report contract of docs/architecture.md (JSON), the CSV timeline, and the readable summary the CLI prints.
#include "audit/Auditor.h"
#include "cluster/FaultScheduler.h"
#include "traffic/RunTypes.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace acklab {

struct RunRecord {
    RunResult result;
    std::string cluster;                 // "embedded, 3 brokers"
    std::vector<FiredFault> faults;
    std::optional<AuditResult> audit;
};

nlohmann::json reportJson(const RunRecord& r);
// {"runs": [...]} for compare; a single run's report is the object itself.
nlohmann::json compareJson(const std::vector<RunRecord>& runs);
std::string timelineCsv(const RunRecord& r);  // header + one row per interval
std::string summaryText(const RunRecord& r);   // what `acklab-cli run` prints
std::string compareTable(const std::vector<RunRecord>& runs);  // side-by-side table

// Writes text to a file; throws std::runtime_error naming the path on failure.
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace acklab
