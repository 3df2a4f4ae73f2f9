#pragma once
// A self-contained HTML report (one file: inline CSS and inline SVG plots, no scripts, nothing fetched):
// the scenario's description, expectations met / NOT met, the profiles side by side, latency p50/p99,
// throughput and failures per interval with fault markers, errors with explanation and remedy, faults, audit.
#include "scenario/ScenarioResult.h"

#include <string>
#include <vector>

namespace acklab {

std::string htmlReport(const ScenarioResult& result);
// For plain runs (acklab-cli run / compare): the same page without expectations.
std::string htmlReport(const std::vector<RunRecord>& records, const std::string& title);

}  // namespace acklab
