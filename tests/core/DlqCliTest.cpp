// acklab-cli dlq: exit codes of docs/architecture.md (0 ok, 1 some redrives failed, 2 bad input naming the flag,
// 3 cluster unreachable), list/show/export on files, and redrive against an in-process embedded cluster.
#include "cluster/EmbeddedCluster.h"
#include "common/Encoding.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqWriter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

using namespace acklab;

namespace {

struct CliResult {
    int status = -1;
    std::string output;  // stdout and stderr
};

CliResult cli(const std::string& args) {
    CliResult r;
    const std::string cmd = std::string(ACKLAB_CLI_PATH) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

class DlqCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("acklab-dlqcli-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        file_ = (dir_ / "dlq.jsonl").string();
        DlqWriterOptions wo;
        wo.topic = "";
        wo.fallbackPath = file_;
        DlqWriter w(wo);
        for (int i = 0; i < 5; ++i) {
            DlqEnvelope e;
            e.originalTopic = i < 3 ? "orders" : "payments";
            e.originalPartition = i % 2;
            e.originalKey = "key-" + std::to_string(i);
            e.originalValue = i == 4 ? std::string("\x00\xff\xfe", 3) : "{\"n\":" + std::to_string(i) + "}";
            e.errorName = i < 3 ? "TOPIC_AUTHORIZATION_FAILED" : "MSG_SIZE_TOO_LARGE";
            e.errorClass = "permanent";
            e.failedAtMs = 1764353045000 + i * 60'000;  // 2025-11-28T18:04:05Z + i minutes
            w.write(e);
        }
        std::ofstream(file_, std::ios::app) << "not json at all\n";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    std::string file_;
};

}  // namespace

TEST_F(DlqCli, BadInputIsExitTwoAndNamesTheFlag) {
    struct Case {
        std::string args;
        std::string mentions;
    };
    const std::vector<Case> cases = {
        {"dlq", "subcommand"},
        {"dlq purge --local", "purge"},
        {"dlq list", "--bootstrap"},
        {"dlq list --local --file " + file_, "--local and --file"},
        {"dlq list --file " + file_ + " --bogus", "--bogus"},
        {"dlq list --file " + file_ + " --since yesterday", "--since"},
        {"dlq list --file " + file_ + " --until 2025-13-01", "--until"},
        {"dlq list --file " + file_ + " --limit 0", "--limit"},
        {"dlq list --file " + file_ + " --limit", "--limit"},
        {"dlq list --file " + file_ + " --to x", "--to"},
        {"dlq list --file /nonexistent/dir/x.jsonl", "--file"},
        {"dlq list --file " + file_ + " --topic t", "--topic"},
        {"dlq show --file " + file_, "record number"},
        {"dlq show 99 --file " + file_, "does not exist"},
        {"dlq show abc --file " + file_, "abc"},
        {"dlq show --offset 1 --file " + file_ + " --partition 0", "--offset"},
        {"dlq redrive --file " + file_ + " --bootstrap 127.0.0.1:1", "--yes"},
        {"dlq redrive --file " + file_, "--bootstrap"},
        {"dlq redrive --file " + file_ + " --dry-run --rate 0", "--rate"},
        {"dlq redrive --file " + file_ + " --dry-run --index 9", "--index"},
        {"dlq redrive --file " + file_ + " --dry-run --dlq-topic a --no-dlq-topic", "--dlq-topic"},
        {"dlq list --file " + file_ + " --export-csv /nonexistent/dir/x.csv", "--export-csv"},
    };
    for (const auto& c : cases) {
        const auto r = cli(c.args);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.mentions), std::string::npos) << c.args << "\n" << r.output;
    }
}

TEST_F(DlqCli, UnreachableClusterIsExitThree) {
    auto r = cli("dlq list --bootstrap 127.0.0.1:1 --timeout 2s");
    EXPECT_EQ(r.status, 3) << r.output;
    EXPECT_NE(r.output.find("unreachable"), std::string::npos) << r.output;
    r = cli("dlq redrive --file " + file_ + " --bootstrap 127.0.0.1:1 --yes --timeout 2s");
    EXPECT_EQ(r.status, 3) << r.output;
}

TEST_F(DlqCli, ListShowFilterAndExport) {
    auto r = cli("dlq list --file " + file_);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("TOPIC_AUTHORIZATION_FAILED  3"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("MSG_SIZE_TOO_LARGE          2"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("6 record(s) shown"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("raw !"), std::string::npos) << r.output;

    r = cli("dlq list --file " + file_ + " --error MSG_SIZE_TOO_LARGE --json");
    ASSERT_EQ(r.status, 0) << r.output;
    std::istringstream lines(r.output);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line);
        EXPECT_EQ(j["error_name"], "MSG_SIZE_TOO_LARGE");
        EXPECT_EQ(j["original_topic"], "payments");
        EXPECT_TRUE(j.contains("original_value"));
        ++n;
    }
    EXPECT_EQ(n, 2);

    r = cli("dlq list --file " + file_ + " --original-topic orders --since 2025-11-28T18:05:00Z --until 2025-11-28T18:06");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("2 record(s) shown"), std::string::npos) << r.output;

    r = cli("dlq list --file " + file_ + " --grep KEY-4");
    EXPECT_NE(r.output.find("1 record(s) shown"), std::string::npos) << r.output;

    r = cli("dlq show 5 --file " + file_);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("value (hex, 3 bytes)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("00 ff fe"), std::string::npos) << r.output;
    r = cli("dlq show 1 --file " + file_);
    EXPECT_NE(r.output.find("\"n\": 0"), std::string::npos) << r.output;  // pretty JSON
    r = cli("dlq show --offset 6 --file " + file_);  // for a file, the offset is the line
    EXPECT_NE(r.output.find("PARSE ERROR"), std::string::npos) << r.output;

    const std::string jsonl = (dir_ / "out.jsonl").string(), csv = (dir_ / "out.csv").string();
    r = cli("dlq list --file " + file_ + " --export-jsonl " + jsonl + " --export-csv " + csv);
    ASSERT_EQ(r.status, 0) << r.output;
    auto back = DlqReader::readFile(jsonl);
    ASSERT_EQ(back.records.size(), 6u);
    EXPECT_EQ(back.records[4].value, std::optional<std::string>(std::string("\x00\xff\xfe", 3)));
    EXPECT_EQ(back.malformed(), 1u);
    std::ifstream in(csv);
    int rows = 0;
    for (std::string line; std::getline(in, line);) ++rows;
    EXPECT_EQ(rows, 7);  // header + 6
}

TEST_F(DlqCli, RedriveAgainstAnEmbeddedCluster) {
    EmbeddedCluster c(3);
    c.prepareTopic("orders", 1);
    c.prepareTopic("payments", 1);
    const std::string bs = c.bootstrapServers();
    const std::string requeue = (dir_ / "requeue.jsonl").string();

    auto r = cli("dlq redrive --file " + file_ + " --bootstrap " + bs + " --dry-run");
    EXPECT_EQ(r.status, 1) << r.output;  // the unreadable line is skipped: not everything would go
    EXPECT_NE(r.output.find("would send 5"), std::string::npos) << r.output;

    r = cli("dlq redrive --file " + file_ + " --bootstrap " + bs + " --yes --error TOPIC_AUTHORIZATION_FAILED --dlq-file " + requeue);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("redriven 3, failed again and DLQ'd 0"), std::string::npos) << r.output;

    // Now the target refuses: failed again, back to the DLQ topic, exit 1.
    ASSERT_TRUE(c.applyFault(FaultSpec::parse("error code=TOPIC_AUTHORIZATION_FAILED count=50 at=0s"), "payments").ok);
    r = cli("dlq redrive --file " + file_ + " --bootstrap " + bs + " --yes --index 4-5 --json --dlq-file " + requeue +
            " --delivery-timeout 5s");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("\"failed_again\":2"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"requeued_to_topic\":2"), std::string::npos) << r.output;

    r = cli("dlq list --bootstrap " + bs + " --json");
    ASSERT_EQ(r.status, 0) << r.output;
    std::istringstream lines(r.output);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line);
        EXPECT_EQ(j["attempts"], 2);
        EXPECT_EQ(j["original_topic"], "payments");
        ++n;
    }
    EXPECT_EQ(n, 2);
}
