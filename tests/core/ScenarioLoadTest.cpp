// Scenario files: loading, validation with path-named errors (all at once), never a crash; the bundled files.
#include "scenario/Scenario.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <random>

namespace acklab {
namespace {

// The problems of a scenario text, or {} when it loads.
std::vector<std::string> problems(const std::string& text, const std::string& baseDir = ".") {
    try {
        Scenario::fromJsonText(text, baseDir);
    } catch (const ScenarioError& e) {
        return e.problems();
    }
    return {};
}

bool mentions(const std::vector<std::string>& ps, const std::string& needle) {
    for (const auto& p : ps)
        if (p.find(needle) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<std::string>& ps) {
    std::string s;
    for (const auto& p : ps) s += "\n  " + p;
    return s;
}

const char* kMinimal = R"({"name": "x", "profiles": ["critical"]})";

TEST(ScenarioLoad, MinimalScenarioGetsDefaults) {
    const Scenario s = Scenario::fromJsonText(kMinimal);
    EXPECT_EQ(s.name, "x");
    EXPECT_EQ(s.cluster.kind, ClusterChoice::Kind::Embedded);
    EXPECT_EQ(s.cluster.brokers, 3);
    ASSERT_EQ(s.profiles.size(), 1u);
    EXPECT_EQ(s.profiles[0].name(), "critical");
    EXPECT_EQ(s.repeat, 1);
    EXPECT_FALSE(s.audit);
    const RunSpec spec = s.runSpec();
    EXPECT_EQ(spec.profiles.size(), 1u);
    EXPECT_EQ(spec.traffic.topic, "acklab-test");
}

TEST(ScenarioLoad, FullScenarioIsRead) {
    const Scenario s = Scenario::fromJsonText(R"({
      "name": "full", "description": "d",
      "cluster": {"kind": "embedded", "brokers": 2},
      "profiles": ["metrics", {"preset": "critical", "name": "fast", "properties": {"linger.ms": 0, "enable.idempotence": false}},
                   {"name": "inline", "properties": {"acks": "1"}, "note": "n"}],
      "traffic": {"topic": "t1", "partitions": 1, "messages": 10, "rate": 100},
      "faults": ["down broker=2 at=1s for=1s", "error code=NOT_ENOUGH_REPLICAS count=3 at=0s"],
      "audit": true,
      "expectations": ["audit.lost == 0", {"profile": "metrics", "expect": "lost > 0"}],
      "repeat": 2})");
    EXPECT_EQ(s.cluster.brokers, 2);
    ASSERT_EQ(s.profiles.size(), 3u);
    EXPECT_EQ(s.profiles[1].name(), "fast");
    EXPECT_EQ(s.profiles[1].get("linger.ms").value_or(""), "0");
    EXPECT_EQ(s.profiles[1].get("acks").value_or(""), "all") << "the preset's properties stay";
    EXPECT_EQ(s.profiles[2].note(), "n");
    EXPECT_EQ(s.faults.size(), 2u);
    EXPECT_EQ(s.traffic.topic, "t1");
    EXPECT_EQ(s.repeat, 2);
    EXPECT_EQ(s.expectationsFor("metrics").size(), 2u);
    EXPECT_EQ(s.expectationsFor("fast").size(), 1u);
    EXPECT_EQ(s.expectations[1].expectation.path, "audit.lost");
    EXPECT_EQ(s.expectations[1].where, "expectations[1]");
}

TEST(ScenarioLoad, BadJsonNamesLineAndColumn) {
    const auto ps = problems("{\n  \"name\": \"x\",\n  \"profiles\": [\"critical\",]\n}");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_NE(ps[0].find("not valid JSON at line 3"), std::string::npos) << ps[0];
}

TEST(ScenarioLoad, WrongTypesNameTheirPaths) {
    const auto ps = problems(R"({"name": 5, "profiles": ["critical"], "audit": "yes", "repeat": 0,
                                 "traffic": {"rate": "fast"}, "cluster": {"kind": "embedded", "brokers": "3"}})");
    EXPECT_TRUE(mentions(ps, "name: expected a non-empty string")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "audit: expected true or false")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "repeat: 0 is out of range")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.rate: expected a number")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "cluster.brokers: expected a whole number")) << dump(ps);
    EXPECT_GE(ps.size(), 5u) << "every problem at once";
}

TEST(ScenarioLoad, TrafficValueOutOfRangeNamesTheField) {
    const auto ps = problems(R"({"name": "x", "profiles": ["critical"], "traffic": {"rate": -5}})");
    EXPECT_TRUE(mentions(ps, "traffic.rate")) << dump(ps);
}

TEST(ScenarioLoad, UnknownFaultKindAtItsIndex) {
    const auto ps = problems(R"({"name": "x", "profiles": ["critical"],
                                 "faults": ["down broker=1 at=1s", "explode broker=2 at=1s", "down broker=1 at=soon"]})");
    EXPECT_TRUE(mentions(ps, "faults[1].kind: unknown kind 'explode'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "faults[2].at: 'soon' is not a duration")) << dump(ps);
    EXPECT_FALSE(mentions(ps, "faults[0]")) << dump(ps);
}

TEST(ScenarioLoad, FaultsMustSuitTheCluster) {
    auto ps = problems(R"({"name": "x", "profiles": ["critical"], "faults": ["kill broker=1 at=1s", "down broker=7 at=0s"]})");
    EXPECT_TRUE(mentions(ps, "faults[0].kind: 'kill' is a local-Kafka process fault")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "faults[1].broker: broker 7 does not exist")) << dump(ps);
    ps = problems(R"({"name": "x", "cluster": {"kind": "local"}, "profiles": ["critical"], "faults": ["rtt broker=1 ms=5 at=0s"]})");
    EXPECT_TRUE(mentions(ps, "faults[0].kind: 'rtt' is an embedded-cluster fault")) << dump(ps);
    ps = problems(R"({"name": "x", "cluster": {"kind": "external", "bootstrap": "h:9092"}, "profiles": ["critical"],
                      "faults": ["kill broker=1 at=1s"]})");
    EXPECT_TRUE(mentions(ps, "faults[0]: 'kill broker=1 at=1s': an external cluster takes no faults")) << dump(ps);
}

TEST(ScenarioLoad, UnknownPresetAndBadPropertiesNameTheProfile) {
    const auto ps = problems(R"({"name": "x", "profiles": ["criticall", {"name": "p", "properties": {"acks": "sometimes"}},
                                 {"preset": "nope"}, {"name": "q", "properties": {"linger.ms": [1]}}]})");
    EXPECT_TRUE(mentions(ps, "profiles[0]: unknown preset 'criticall'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "profiles[1].properties.acks:")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "profiles[2].preset: unknown preset 'nope'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "profiles[3].properties.linger.ms: expected a string, number or boolean")) << dump(ps);
}

TEST(ScenarioLoad, ProfileFilesAreRelativeToTheScenario) {
    const std::string dir = ::testing::TempDir();
    {
        std::ofstream(dir + "/scen-profile.json") << R"({"name": "from-file", "properties": {"acks": "1"}})";
    }
    const Scenario s = Scenario::fromJsonText(R"({"name": "x", "profiles": [{"file": "scen-profile.json"}]})", dir);
    ASSERT_EQ(s.profiles.size(), 1u);
    EXPECT_EQ(s.profiles[0].name(), "from-file");
    const auto ps = problems(R"({"name": "x", "profiles": [{"file": "missing-profile.json"}]})", dir);
    EXPECT_TRUE(mentions(ps, "profiles[0].file:")) << dump(ps);
}

TEST(ScenarioLoad, BadExpectationsNameTheirIndex) {
    const auto ps = problems(R"({"name": "x", "profiles": ["critical", "metrics"],
                                 "expectations": ["audit.lost = 0", "error NO_SUCH_ERROR seen", "foo.bar < 1",
                                                  {"profile": "nobody", "expect": "failed == 0"}, "lost == 0",
                                                  {"profile": "metrics"}, 42]})");
    EXPECT_TRUE(mentions(ps, "expectations[0]: 'audit.lost = 0': expected")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[1]: 'error NO_SUCH_ERROR seen': unknown error name")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[2]: 'foo.bar < 1': the report has no field 'foo'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[3].profile: no profile named 'nobody'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[4]: 'lost == 0' needs the audit")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[5].expect:")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "expectations[6]: expected a condition string")) << dump(ps);
}

TEST(ScenarioLoad, UnknownFieldsAndMissingParts) {
    auto ps = problems(R"({"profiles": [], "colour": "blue", "cluster": {"kind": "cloud"}})");
    EXPECT_TRUE(mentions(ps, "name: missing")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "colour: unknown field")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "cluster.kind: 'cloud'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "profiles: expected a non-empty array")) << dump(ps);
    ps = problems(R"({"name": "x", "profiles": ["critical", "critical"]})");
    EXPECT_TRUE(mentions(ps, "profiles[1].name: 'critical' is used by another profile")) << dump(ps);
    ps = problems(R"({"name": "x", "profiles": ["critical"], "topic": {"replica_assignment": "1:2"}})");
    EXPECT_TRUE(mentions(ps, "topic: a replica layout needs")) << dump(ps);
    ps = problems(R"({"name": "x", "cluster": {"kind": "local"}, "profiles": ["critical"], "traffic": {"partitions": 1},
                      "topic": {"replica_assignment": "1:2,2:3"}})");
    EXPECT_TRUE(mentions(ps, "topic.replica_assignment: '1:2,2:3' lays out 2 partition(s)")) << dump(ps);
}

TEST(ScenarioLoad, MissingFileIsAnError) {
    try {
        Scenario::load("/nonexistent/acklab/scenario.json");
        FAIL() << "expected ScenarioError";
    } catch (const ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/acklab/scenario.json: cannot open"), std::string::npos);
    }
}

TEST(ScenarioLoad, NeverCrashesOnMangledInput) {
    // Every bundled scenario, cut short at many points and with bytes flipped: always a ScenarioError or a scenario.
    std::mt19937 rng(12345);
    for (const auto& f : Scenario::bundledFiles()) {
        std::ifstream in(f);
        std::ostringstream buffer;  // not istreambuf_iterator: GCC 12 warns (-Wnull-dereference) inside it
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        for (int i = 0; i < 25; ++i) {
            std::string t = text.substr(0, rng() % (text.size() + 1));
            (void)problems(t);
            std::string u = text;
            for (int k = 0; k < 3; ++k) u[rng() % u.size()] = static_cast<char>(rng() % 128);
            (void)problems(u);
        }
    }
    for (const char* t : {"", "null", "[]", "42", "\"x\"", "{\"name\": {}, \"profiles\": {}}",
                          "{\"name\": \"x\", \"profiles\": [null, 1, [], {}]}",
                          "{\"name\": \"x\", \"profiles\": [\"critical\"], \"faults\": [null, 1, \"\"]}",
                          "{\"name\": \"x\", \"profiles\": [\"critical\"], \"traffic\": {\"messages\": 1e300}}",
                          "{\"name\": \"x\", \"profiles\": [\"critical\"], \"repeat\": 1e30}"}) {
        SCOPED_TRACE(t);
        EXPECT_FALSE(problems(t).empty());
    }
}

TEST(ScenarioLoad, BundledScenariosAreValidAndDescribed) {
    const auto files = Scenario::bundledFiles();
    ASSERT_GE(files.size(), 8u);
    int local = 0, embedded = 0;
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        Scenario s;
        ASSERT_NO_THROW(s = Scenario::load(f));
        EXPECT_FALSE(s.description.empty());
        EXPECT_FALSE(s.expectations.empty());
        if (s.cluster.kind == ClusterChoice::Kind::Local) ++local;
        if (s.cluster.kind == ClusterChoice::Kind::Embedded) ++embedded;
    }
    EXPECT_GE(embedded, 6);
    EXPECT_GE(local, 3);
}

}  // namespace
}  // namespace acklab
