// acklab-cli's contract: bad flags or values exit 2 with a message naming the flag; an unreachable cluster
// exits 3; a runtime failure exits 4; a completed run exits 0 and writes the report; --fail-on exits 1 when its condition holds.
#include "CliTestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using CliResult = acklab::test::CliRun;

CliResult cli(const std::vector<std::string>& args) { return acklab::test::runCli(args); }

struct BadInput {
    std::vector<std::string> args;
    std::string mentions;  // the flag or field the message must name
};

class CliBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInputTest, ExitsTwoNamingTheFlag) {
    const auto& p = GetParam();
    const CliResult r = cli(p.args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find(p.mentions), std::string::npos) << "message should name '" << p.mentions << "': " << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Flags, CliBadInputTest,
    ::testing::Values(BadInput{{"run", "--messages", "ten"}, "--messages"},
                      BadInput{{"run", "--messages", "0"}, "--messages"},
                      BadInput{{"run", "--rate", "-5"}, "--rate"},
                      BadInput{{"run", "--partitions", "1001"}, "--partitions"},
                      BadInput{{"run", "--size", "1x"}, "--size"},
                      BadInput{{"run", "--duration", "soon"}, "--duration"},
                      BadInput{{"run", "--embedded", "0"}, "--embedded"},
                      BadInput{{"run", "--bogus"}, "--bogus"},
                      BadInput{{"run", "--topic"}, "--topic"},
                      BadInput{{"run", "--topic", "bad topic!"}, "topic"},
                      BadInput{{"run", "--keys", "maybe"}, "--keys"},
                      BadInput{{"run", "--profile", "no-such-preset"}, "--profile"},
                      BadInput{{"run", "-X", "acks"}, "-X"},
                      BadInput{{"run", "-X", "acks=2"}, "acks"},
                      BadInput{{"run", "-X", "compression.type=zip"}, "compression.type"},
                      BadInput{{"run", "-X", "enable.idempotence=true", "-X", "max.in.flight.requests.per.connection=10"},
                               "max.in.flight"},
                      BadInput{{"run", "--fault", "explode broker=1"}, "--fault"},
                      BadInput{{"run", "--fault", "down broker=x at=1s"}, "broker"},
                      BadInput{{"run", "--fault", "down broker=1 at=soon"}, "at"},
                      BadInput{{"run", "--fault", "error code=NOPE count=1"}, "code"},
                      BadInput{{"run", "--fault", "kill broker=1 at=1s"}, "kill"},
                      BadInput{{"run", "--messages", "5", "--duration", "5"}, "--duration"},
                      BadInput{{"run", "--fail-on", "lost >> 0"}, "--fail-on"},
                      BadInput{{"compare", "--profiles", "critical"}, "--profiles"},
                      BadInput{{"profile", "validate"}, "validate"},
                      BadInput{{"profile", "export", "critical", "--format", "yaml"}, "--format"},
                      BadInput{{"frobnicate"}, "frobnicate"}),
    [](const auto& param) {
        // "3_duration": the case's index and the word its message must name, as a readable ctest name.
        std::string name = std::to_string(param.index) + "_";
        for (char c : param.param.mentions) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return name;
    });

TEST(Cli, UnreachableClusterExitsThree) {
    // Port 9 on loopback: nothing listens there.
    const CliResult r = cli({"run", "--bootstrap", "127.0.0.1:9", "--messages", "10", "--quiet"});
    EXPECT_EQ(r.status, 3) << r.out;
    EXPECT_NE(r.out.find("unreachable"), std::string::npos) << r.out;
}

TEST(Cli, ReportThatCannotBeWrittenIsARuntimeFailureExitFour) {
    const auto r = cli({"run", "--embedded", "1", "--messages", "20", "--quiet", "--report",
                        "/nonexistent-acklab-dir/report.json"});
    EXPECT_EQ(r.status, 4) << r.out;
    EXPECT_NE(r.out.find("/nonexistent-acklab-dir/report.json: cannot open for writing"), std::string::npos) << r.out;
}

TEST(Cli, BadScenarioFileIsBadInputNotARuntimeFailure) {
    const std::string path = ::testing::TempDir() + "acklab-cli-bad-scenario.json";
    {
        std::ofstream out(path);
        out << R"({"name": "x", "profiles": ["critical"], "traffic": {"messages": 2.5}})";
    }
    const auto r = cli({"scenario", path});
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("traffic.messages: expected a whole number, found 2.5"), std::string::npos) << r.out;
    std::remove(path.c_str());
}

TEST(Cli, CompletedRunExitsZeroAndWritesTheReport) {
    const std::string report = ::testing::TempDir() + "acklab-cli-report.json";
    const std::string csv = ::testing::TempDir() + "acklab-cli-timeline.csv";
    const CliResult r = cli({"run", "--messages", "2000", "--quiet", "--report", report, "--csv", csv});
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("delivered 2,000"), std::string::npos) << r.out;
    std::ifstream in(report);
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["messages"]["sent"], 2000);
    EXPECT_EQ(j["messages"]["delivered"], 2000);
    std::ifstream c(csv);
    std::string header;
    std::getline(c, header);
    EXPECT_EQ(header.rfind("t_ms,sent,delivered,failed", 0), 0u);
}

TEST(Cli, FailOnConditionExitsOne) {
    const CliResult r = cli({"run", "--messages", "200", "--quiet", "--fault",
                             "error code=TOPIC_AUTHORIZATION_FAILED count=1 at=0s", "--fail-on", "dlq > 0"});
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("dlq > 0"), std::string::npos) << r.out;
}

TEST(Cli, CompareRunsEachProfileAndPrintsATable) {
    const CliResult r = cli({"compare", "--profiles", "critical,analytics,metrics", "--messages", "1000", "--quiet"});
    ASSERT_EQ(r.status, 0) << r.out;
    for (const char* p : {"critical", "analytics", "metrics"}) EXPECT_NE(r.out.find(p), std::string::npos) << p;
    EXPECT_NE(r.out.find("p99 ms"), std::string::npos) << r.out;
}

TEST(Cli, ProfileExportsArePythonAndProperties) {
    CliResult r = cli({"profile", "export", "production", "--format", "properties"});
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("enable.idempotence=true"), std::string::npos) << r.out;
    r = cli({"profile", "export", "production", "--format", "python"});
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("'enable.idempotence': True"), std::string::npos) << r.out;
    r = cli({"profile", "validate", "production", "-X", "max.in.flight.requests.per.connection=10"});
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("must be set <= 5 when `enable.idempotence` is true"), std::string::npos) << r.out;
}

}  // namespace
