// resources/report.schema.json: what acklab-cli writes with --report (run, compare, scenario) validates against
// it, and it refuses reports that break the contract (so a passing validation means something).
#include "CliTestSupport.h"
#include "ReportSchemaSupport.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace acklab {
namespace {

using nlohmann::json;

// This process's own folder (ctest runs each test in a process of its own).
std::string dir() {
    const std::string d = ::testing::TempDir() + "acklab-report-schema-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
}

json readJson(const std::string& path) {
    std::ifstream in(path);
    return json::parse(in);
}

// A real run report from acklab-cli: a permanent error (so errors, events and the DLQ are filled in), audited.
const json& runReport() {
    static const json report = [] {
        const std::string path = dir() + "/run.json";
        const auto r = test::runCli({"run", "--messages", "300", "--rate", "2000", "--fault",
                                     "error code=TOPIC_AUTHORIZATION_FAILED count=3 at=50ms", "--audit", "--dlq-file",
                                     dir() + "/dlq.jsonl", "--report", path});
        if (r.status != 0) throw std::runtime_error("acklab-cli run failed: " + r.out);
        return readJson(path);
    }();
    return report;
}

TEST(ReportSchema, RunReportOfTheCliValidates) {
    const json& j = runReport();
    ASSERT_TRUE(j.contains("audit"));
    ASSERT_FALSE(j["errors"].empty());
    EXPECT_EQ(test::validateReports({j}, dir(), "run"), "");
}

TEST(ReportSchema, CompareReportWithTheLiveTrackerValidates) {
    const std::string path = dir() + "/compare.json";
    const auto r = test::runCli({"compare", "--profiles", "critical,metrics", "--messages", "200", "--rate", "2000",
                                 "--e2e", "--fault", "down broker=1 at=20ms for=50ms", "--report", path});
    ASSERT_EQ(r.status, 0) << r.out;
    const json j = readJson(path);
    ASSERT_EQ(j["runs"].size(), 2u);
    EXPECT_TRUE(j["runs"][0].contains("e2e"));
    EXPECT_EQ(test::validateReportFiles({path}), "");
}

TEST(ReportSchema, ScenarioReportValidates) {
    const std::string path = dir() + "/scenario.json";
    const auto r = test::runCli(
        {"scenario", std::string(ACKLAB_RESOURCES_DIR) + "/scenarios/authorization-dlq.json", "--report", path});
    // 0, or 1 for an expectation not met (a machine too busy for a figure): the report is written either way.
    ASSERT_TRUE(r.status == 0 || r.status == 1) << r.out;
    const json j = readJson(path);
    ASSERT_FALSE(j["runs"].empty());
    EXPECT_TRUE(j["runs"][0].contains("repeat"));
    EXPECT_EQ(test::validateReportFiles({path}), "");
}

// Each mutation breaks the contract in one way; the validator must name where.
struct Breakage {
    const char* name;
    const char* where;  // the JSON path the validator names
    void (*apply)(json&);
};

class ReportSchemaRefuses : public ::testing::TestWithParam<Breakage> {};

TEST_P(ReportSchemaRefuses, ABrokenReport) {
    json j = runReport();
    GetParam().apply(j);
    const std::string out = test::validateReports({j}, dir(), GetParam().name);
    EXPECT_NE(out, "") << "the schema accepted a report with " << GetParam().name;
    EXPECT_NE(out.find(GetParam().where), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(
    Breakages, ReportSchemaRefuses,
    ::testing::Values(Breakage{"sentMissing", "messages", [](json& j) { j["messages"].erase("sent"); }},
                      Breakage{"negativeFailed", "messages/failed", [](json& j) { j["messages"]["failed"] = -1; }},
                      Breakage{"fractionalDelivered", "messages/delivered",
                               [](json& j) { j["messages"]["delivered"] = 2.5; }},
                      Breakage{"unknownErrorClass", "errors/0/class", [](json& j) { j["errors"][0]["class"] = "odd"; }},
                      Breakage{"latencyAsText", "latency_ms/p99", [](json& j) { j["latency_ms"]["p99"] = "12"; }},
                      Breakage{"unknownTopLevelField", "(root)", [](json& j) { j["surprise"] = true; }},
                      Breakage{"messagesAndDuration", "traffic", [](json& j) { j["traffic"]["duration_ms"] = 1000; }},
                      Breakage{"auditWithoutCounts", "audit", [](json& j) { j["audit"].erase("lost"); }}),
    [](const auto& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace acklab
