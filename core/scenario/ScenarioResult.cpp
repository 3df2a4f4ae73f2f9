#include "scenario/ScenarioResult.h"

#include "common/BuildInfo.h"

namespace acklab {

bool ScenarioResult::allMet() const { return failed().empty(); }

std::vector<ExpectationResult> ScenarioResult::failed() const {
    std::vector<ExpectationResult> out;
    for (const auto& r : runs)
        for (const auto& e : r.expectations)
            if (!e.met) out.push_back(e);
    return out;
}

nlohmann::json ScenarioResult::toJson() const {
    nlohmann::json j;
    j["acklab_version"] = BuildInfo::fullVersion();
    j["scenario"] = name;
    j["description"] = description;
    j["cluster"] = cluster;
    j["all_met"] = allMet();
    nlohmann::json ex = nlohmann::json::array();
    nlohmann::json rs = nlohmann::json::array();
    for (const auto& r : runs) {
        for (const auto& e : r.expectations)
            ex.push_back({{"expect", e.text}, {"where", e.where}, {"profile", e.profile}, {"repeat", e.repeat + 1},
                          {"met", e.met}, {"actual", e.actual}, {"message", e.message}});
        for (const auto& rec : r.records) {
            nlohmann::json one = reportJson(rec);
            one["repeat"] = r.repeat + 1;
            rs.push_back(std::move(one));
        }
    }
    j["expectations"] = ex;
    j["runs"] = rs;
    return j;
}

std::string ScenarioResult::timelineCsvText() const {
    std::string csv;
    for (const auto& r : runs)
        for (const auto& rec : r.records)
            csv += "# repeat " + std::to_string(r.repeat + 1) + " profile " + rec.result.profileName + "\n" + timelineCsv(rec);
    return csv;
}

}  // namespace acklab
