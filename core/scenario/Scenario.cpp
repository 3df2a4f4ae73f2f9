#include "scenario/Scenario.h"

#include "common/DataDir.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace acklab {
namespace {

using nlohmann::json;

std::string joinLines(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& p : v) s += (s.empty() ? "" : "\n") + p;
    return s;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : std::runtime_error(joinLines(problems)), problems_(std::move(problems)) {}

// Scenario::fromJson (the field-by-field checks) is in ScenarioParser.cpp.

Scenario Scenario::fromJsonText(const std::string& text, const std::string& baseDir) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        // Line and column of the byte where parsing stopped.
        const size_t at = std::min(e.byte, text.size() + 1);
        size_t line = 1, col = 1;
        for (size_t i = 0; i + 1 < at && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        std::string what = e.what();
        if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
        throw ScenarioError({"not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) +
                             ": " + what});
    } catch (const json::exception& e) {  // a number literal beyond double's range (1e400), ...
        throw ScenarioError({std::string("not valid JSON: ") + e.what()});
    }
    return fromJson(j, baseDir);
}

Scenario Scenario::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(path, ec)) throw ScenarioError({path + ": cannot open the file"});
    std::ostringstream text;
    text << in.rdbuf();
    const std::string base = std::filesystem::path(path).parent_path().string();
    try {
        Scenario s = fromJsonText(text.str(), base.empty() ? "." : base);
        s.path = path;
        return s;
    } catch (const ScenarioError& e) {
        std::vector<std::string> named;
        for (const auto& p : e.problems()) named.push_back(path + ": " + p);
        throw ScenarioError(named);
    }
}

std::vector<std::string> Scenario::bundledFiles() {
    std::vector<std::string> files;
    std::error_code ec;
    const std::filesystem::path data = DataDir::find();
    if (data.empty()) return files;
    const std::filesystem::path dir = data / "scenarios";
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".json") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

RunSpec Scenario::runSpec(const std::string& topicOverride) const {
    RunSpec spec;
    spec.cluster = cluster;
    spec.profiles = profiles;
    spec.traffic = traffic;
    if (!topicOverride.empty()) {
        // A transaction's other topics follow the run's topic (a fresh topic per run gets its suffix too).
        auto& topics = spec.traffic.transaction.topics;
        const std::string suffix = topicOverride.rfind(spec.traffic.topic, 0) == 0
                                       ? topicOverride.substr(spec.traffic.topic.size()) : std::string();
        for (size_t i = 1; i < topics.size(); ++i) topics[i] += suffix;
        if (!topics.empty()) topics[0] = topicOverride;
        spec.traffic.topic = topicOverride;
    }
    spec.faults = faults;
    spec.dlqTopic = dlqTopic;
    spec.audit = audit;
    spec.e2e = e2e;
    spec.e2eGraceMs = e2eGraceMs;
    spec.intervalMs = intervalMs;
    spec.drainTimeoutMs = drainTimeoutMs;
    return spec;
}

std::vector<ScenarioExpectation> Scenario::expectationsFor(const std::string& profileName) const {
    std::vector<ScenarioExpectation> out;
    for (const auto& e : expectations)
        if (e.profile.empty() || e.profile == profileName) out.push_back(e);
    return out;
}

std::string Scenario::clusterText() const {
    switch (cluster.kind) {
        case ClusterChoice::Kind::Embedded: return "embedded, " + std::to_string(cluster.brokers) + " brokers";
        case ClusterChoice::Kind::Local: return "local Kafka";
        case ClusterChoice::Kind::External: return "external " + cluster.bootstrap;
    }
    return "?";
}

}  // namespace acklab
