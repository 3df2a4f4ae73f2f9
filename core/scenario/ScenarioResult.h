#pragma once
// What a scenario run produced: per repeat, one RunRecord per profile, and every expectation's outcome.
#include "scenario/RunReport.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace acklab {

struct ExpectationResult {
    std::string text;      // as written ("audit.lost == 0")
    std::string where;     // its path in the scenario file ("expectations[2]")
    std::string profile;   // the profile it was evaluated on
    int repeat = 0;        // 0-based repeat index
    bool met = false;
    std::string actual;    // the value found ("3", "absent")
    std::string message;   // "audit.lost == 0: NOT met (actual 3)"
};

struct ScenarioRunResult {
    int repeat = 0;                   // 0-based
    std::string topic;                // the topic this repeat used
    std::vector<RunRecord> records;   // one per profile, in the scenario's order
    std::vector<ExpectationResult> expectations;
};

struct ScenarioResult {
    std::string name;
    std::string description;
    std::string cluster;              // "embedded, 3 brokers"
    std::vector<ScenarioRunResult> runs;

    bool allMet() const;
    std::vector<ExpectationResult> failed() const;  // expectations NOT met, in order
    // {"scenario", "description", "cluster", "all_met", "expectations": [...],
    //  "runs": [report JSON of docs/architecture.md + "repeat"]} — "runs" keeps compare's shape.
    nlohmann::json toJson() const;
    // Every run's timeline CSV, each block headed by "# repeat R profile P".
    std::string timelineCsvText() const;
};

}  // namespace acklab
