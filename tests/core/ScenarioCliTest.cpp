// `acklab-cli scenario`: exit status 0 / 1 / 2 / 3 (docs/architecture.md), messages that name the problem,
// and the report files it writes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct CliResult {
    int status = -1;
    std::string output;  // stdout and stderr
};

CliResult runCli(const std::string& args, const std::string& envPrefix = {}) {
    const std::string cmd = envPrefix + " '" + std::string(ACKLAB_CLI_PATH) + "' " + args + " 2>&1";
    CliResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string tempFile(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "/acklab-scen-" + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* kPassing = R"({"name": "cli-ok", "description": "passes",
  "profiles": ["critical"], "traffic": {"topic": "cli", "partitions": 1, "messages": 100, "rate": 2000},
  "audit": true, "expectations": ["audit.lost == 0", "messages.delivered == 100"]})";

TEST(ScenarioCli, AllExpectationsMetExitsZeroAndWritesReports) {
    const auto file = tempFile("ok.json", kPassing);
    const auto report = file + ".report.json", html = file + ".html", csv = file + ".csv";
    const auto r = runCli("scenario " + file + " --quiet --report " + report + " --html " + html + " --csv " + csv);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("met      [critical] audit.lost == 0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("all 2 expectation(s) met"), std::string::npos) << r.output;
    const auto j = nlohmann::json::parse(readFile(report), nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    EXPECT_EQ(j["scenario"], "cli-ok");
    EXPECT_EQ(j["all_met"], true);
    ASSERT_EQ(j["runs"].size(), 1u);
    EXPECT_EQ(j["runs"][0]["messages"]["sent"], 100);
    EXPECT_NE(readFile(html).find("<svg"), std::string::npos);
    EXPECT_EQ(readFile(csv).rfind("# repeat 1 profile critical\nt_ms,", 0), 0u);
}

TEST(ScenarioCli, FalseExpectationExitsOneAndNamesIt) {
    const auto file = tempFile("fail.json", R"({"name": "cli-fail", "profiles": ["critical"],
      "traffic": {"partitions": 1, "messages": 50}, "expectations": ["messages.failed == 0", "messages.failed > 0"]})");
    const auto r = runCli("scenario " + file + " --quiet");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("NOT met  [critical] messages.failed > 0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1 of 2 expectation(s) NOT met"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("expectations[1] [critical]: messages.failed > 0: NOT met (actual 0)"), std::string::npos)
        << r.output;
}

TEST(ScenarioCli, BadFileExitsTwoNamingThePathInTheFile) {
    const auto file = tempFile("bad.json", R"({"name": "cli-bad", "profiles": ["critical"],
      "faults": ["down broker=1 at=1s", "melt broker=1 at=1s"], "traffic": {"rate": -1}})");
    const auto r = runCli("scenario " + file);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("faults[1].kind: unknown kind 'melt'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("traffic.rate"), std::string::npos) << r.output;

    const auto notJson = tempFile("notjson.json", "{ \"name\": ");
    const auto r2 = runCli("scenario " + notJson);
    EXPECT_EQ(r2.status, 2) << r2.output;
    EXPECT_NE(r2.output.find("not valid JSON at line 1"), std::string::npos) << r2.output;

    EXPECT_EQ(runCli("scenario /nonexistent/x.json").status, 2);
    EXPECT_EQ(runCli("scenario").status, 2);
}

TEST(ScenarioCli, LocalScenarioWithoutTheClusterExitsThree) {
    const auto file = tempFile("local.json", R"({"name": "cli-local", "cluster": {"kind": "local"}, "profiles": ["critical"]})");
    const std::string state = ::testing::TempDir() + "/acklab-no-cluster-cli-" + std::to_string(::getpid());
    const auto r = runCli("scenario " + file, "ACKLAB_STATE_DIR='" + state + "'");
    EXPECT_EQ(r.status, 3) << r.output;
    EXPECT_NE(r.output.find("local Kafka is not running"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("acklab-cli cluster up"), std::string::npos) << r.output;
}

TEST(ScenarioCli, BundledNamesResolveAndListWorks) {
    const auto r = runCli("scenario --list");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("acks-levels"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("INVALID"), std::string::npos) << r.output;
}

}  // namespace
