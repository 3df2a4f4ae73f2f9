#pragma once
// A reproducible demo: which cluster, which producer profiles, what traffic, which faults at which moments,
// whether to audit, and what must hold afterwards. Read from JSON (resources/scenario.schema.json):
//
//   {"name": "...", "description": "...",
//    "cluster": {"kind": "embedded", "brokers": 3} | {"kind": "local"} | {"kind": "external", "bootstrap": "...", "properties": {}},
//    "profiles": ["critical", {"file": "my.json"}, {"preset": "critical", "name": "x", "properties": {...}},
//                 {"name": "inline", "properties": {...}, "note": "..."}],
//    "traffic": {TrafficSpec JSON}, "faults": ["down broker=leader at=1s", ...], "audit": true, "e2e": true,
//    "expectations": ["audit.lost == 0", {"profile": "metrics", "expect": "audit.lost > 0"}], "repeat": 1,
//    "topic": {"replica_assignment": "1:2:3", "configs": {"min.insync.replicas": "2"}}}   (local Kafka only)
//
// Loading checks everything it can without a cluster and reports EVERY problem at once, each naming its path
// inside the file: "faults[2].at: ...", "profiles[1].properties.acks: ...", "traffic.rate: ...", "expectations[0]: ...".
#include "cluster/FaultSpec.h"
#include "profile/ProducerProfile.h"
#include "scenario/Expectation.h"
#include "traffic/RunSession.h"
#include "traffic/TrafficSpec.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

// A scenario file that cannot be used. what() is every problem, one per line; problems() lists them.
class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

struct ScenarioExpectation {
    Expectation expectation;
    std::string profile;  // the profile it applies to; "" = every profile
    std::string where;    // its path in the file: "expectations[2]"
};

// The topic a local-Kafka scenario runs on, when its replica layout matters (e.g. which node leads). Each run
// then gets a fresh topic "<traffic.topic>-<suffix>" created with this layout, so the leader is known.
struct ScenarioTopicLayout {
    std::vector<std::vector<int32_t>> replicaAssignment;  // per partition; first replica = preferred leader
    std::string replicaAssignmentText;                    // "1:2:3" as written
    std::map<std::string, std::string> configs;           // topic configs ("min.insync.replicas": "2")
};

struct Scenario {
    std::string name;
    std::string description;
    std::string path;  // the file it was loaded from ("" for text)
    ClusterChoice cluster;
    std::vector<ProducerProfile> profiles;
    std::vector<std::string> profileSources;  // per profile: "preset critical", "file x.json", "inline"
    TrafficSpec traffic;
    std::vector<FaultSpec> faults;
    bool audit = false;
    int64_t auditTimeoutMs = 60'000;
    bool e2e = false;             // a live end-to-end tracker beside each run (report field "e2e")
    int64_t e2eGraceMs = 3000;
    std::vector<ScenarioExpectation> expectations;
    int repeat = 1;
    std::string dlqTopic = "dead-letter-queue";
    int64_t intervalMs = 100;
    int64_t drainTimeoutMs = -1;
    std::optional<ScenarioTopicLayout> topicLayout;

    // Throws ScenarioError ("<path>: cannot open", "<path>: not valid JSON at line L, column C: ...", and
    // every field problem). Profile files are read relative to the scenario file's folder.
    static Scenario load(const std::string& path);
    // Same checks on text / a parsed document; baseDir resolves {"file": ...} profiles.
    static Scenario fromJsonText(const std::string& text, const std::string& baseDir = ".");
    static Scenario fromJson(const nlohmann::json& j, const std::string& baseDir = ".");

    // The bundled scenarios (scenarios/*.json in DataDir::find()), sorted by file name; none if no data folder.
    static std::vector<std::string> bundledFiles();

    // The RunSpec of one run (the same for every repeat except the topic of a layout scenario: pass the topic).
    RunSpec runSpec(const std::string& topicOverride = {}) const;
    // Expectations that apply to a profile.
    std::vector<ScenarioExpectation> expectationsFor(const std::string& profileName) const;
    std::string clusterText() const;  // "embedded, 3 brokers" / "local Kafka" / "external <bootstrap>"
};

}  // namespace acklab
