// The live end-to-end tracker as a user meets it: `acklab-cli run --e2e` puts an "e2e" object in the report,
// --fail-on and scenario expectations read e2e.* fields, a scenario asking for e2e.* without "e2e": true is
// refused naming the path, and the HTML report plots the e2e latency.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "CliTestSupport.h"
#include "scenario/HtmlReport.h"
#include "scenario/Scenario.h"
#include "scenario/ScenarioRunner.h"

#include <fstream>
#include <sstream>

namespace acklab {
namespace {

using test::runCli;

TEST(E2eReport, RunWithE2eReportsWhatTheConsumerSaw) {
    const std::string report = ::testing::TempDir() + "acklab-e2e-report.json";
    const auto r = runCli({"run", "--messages", "3000", "--rate", "3000", "--e2e", "--e2e-grace", "300ms", "--audit",
                           "--quiet", "--report", report, "--fail-on", "e2e.lost > 0", "--fail-on", "e2e.duplicated > 0"});
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("e2e        seen 3,000  lost 0  duplicated 0"), std::string::npos) << r.out;
    std::ifstream in(report);
    const auto j = nlohmann::json::parse(in);
    ASSERT_TRUE(j.contains("e2e")) << j.dump(1).substr(0, 2000);
    const auto& e = j["e2e"];
    EXPECT_EQ(e["seen"], 3000);
    EXPECT_EQ(e["lost"], 0);
    EXPECT_EQ(e["duplicated"], 0);
    EXPECT_EQ(e["reordered"], j["audit"]["reordered"]);
    EXPECT_EQ(e["arrived_unacknowledged"], 0);
    EXPECT_EQ(e["complete"], true);
    for (const char* k : {"min", "p50", "p95", "p99", "p999", "max", "mean"})
        EXPECT_TRUE(e["latency_ms"].contains(k) && e["latency_ms"][k].is_number()) << k;
    EXPECT_EQ(e["latency_ms"]["count"], 3000);
    EXPECT_GE(e["latency_ms"]["p99"].get<double>(), e["latency_ms"]["p50"].get<double>());
    EXPECT_FALSE(e["timeline"].empty());
}

TEST(E2eReport, FailOnAnE2eConditionThatHoldsExitsOne) {
    const auto r = runCli({"run", "--messages", "500", "--e2e", "--e2e-grace", "200ms", "--quiet", "--fail-on", "e2e.seen >= 500"});
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("e2e.seen >= 500 holds"), std::string::npos) << r.out;
}

TEST(E2eReport, E2eGraceWithoutE2eIsBadInput) {
    const auto r = runCli({"run", "--messages", "10", "--e2e-grace", "1s"});
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("--e2e-grace"), std::string::npos) << r.out;
}

TEST(E2eReport, ScenarioExpectationsOnE2eNeedTheTracker) {
    try {
        Scenario::fromJsonText(R"({"name": "x", "profiles": ["critical"], "expectations": ["e2e.lost == 0"]})");
        FAIL() << "accepted e2e.lost without \"e2e\": true";
    } catch (const ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("expectations[0]: 'e2e.lost == 0' needs the live end-to-end tracker"),
                  std::string::npos)
            << e.what();
    }
    try {
        Scenario::fromJsonText(R"({"name": "x", "profiles": ["critical"], "e2e": "yes"})");
        FAIL() << "accepted a string for e2e";
    } catch (const ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("e2e: expected true or false"), std::string::npos) << e.what();
    }
}

TEST(E2eReport, ScenarioWithE2eEvaluatesItsExpectationsAndPlotsIt) {
    Scenario s = Scenario::fromJsonText(R"({"name": "e2e", "profiles": ["critical", "metrics"], "e2e": true,
        "e2e_grace_ms": 300, "traffic": {"messages": 2000, "rate": 4000, "partitions": 1},
        "expectations": ["e2e.lost == 0", "e2e.duplicated == 0", "e2e.latency_ms.p99 < 5000", "e2e.seen == 2000"]})");
    EXPECT_TRUE(s.e2e);
    EXPECT_EQ(s.e2eGraceMs, 300);
    ScenarioRunner runner(std::move(s));
    const ScenarioResult result = runner.run();
    ASSERT_EQ(result.runs.size(), 1u);
    ASSERT_EQ(result.runs[0].expectations.size(), 8u);
    for (const auto& e : result.runs[0].expectations) EXPECT_TRUE(e.met) << e.message;
    const std::string html = htmlReport(result);
    EXPECT_NE(html.find("End-to-end latency per interval"), std::string::npos);
    EXPECT_NE(html.find("e2e: lost (live)"), std::string::npos);
    EXPECT_NE(html.find("critical e2e p99"), std::string::npos);
}

}  // namespace
}  // namespace acklab
