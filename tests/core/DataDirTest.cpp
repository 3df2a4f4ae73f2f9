// Data found relative to the executable (common/DataDir): an acklab-cli copied into a fresh prefix
// (<prefix>/bin) uses <prefix>/share/acklab and nothing of this build tree; $ACKLAB_DATA_DIR overrides, and a
// wrong one is said, not silently replaced. BuildInfo's version is what --version and the reports say.
#include <gtest/gtest.h>

#include "common/BuildInfo.h"
#include "common/DataDir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using acklab::BuildInfo;
using acklab::DataDir;

namespace {

// A prefix laid out like an install: bin/acklab-cli (a copy of the built one) and share/acklab/scenarios/.
struct Prefix {
    fs::path root = fs::path(::testing::TempDir()) / ("acklab-prefix-" + std::to_string(::getpid()));
    Prefix() {
        fs::remove_all(root);
        fs::create_directories(root / "bin");
        fs::create_directories(root / "share" / "acklab" / "scenarios");
        fs::copy_file(ACKLAB_CLI_PATH, root / "bin" / "acklab-cli");
        std::ofstream(root / "share" / "acklab" / "scenarios" / "only-here.json")
            << R"({"name": "Only in this prefix", "description": "d", "profiles": ["critical"],
                  "traffic": {"messages": 10}})";
    }
    ~Prefix() { fs::remove_all(root); }

    // Runs the copied acklab-cli with env assignments in front; returns stdout + stderr, status in *status.
    std::string run(const std::string& args, int* status, const std::string& env = "env -u ACKLAB_DATA_DIR") const {
        const fs::path out = root / "out.txt";
        const std::string cmd = env + " '" + (root / "bin" / "acklab-cli").string() + "' " + args + " >'" +
                                out.string() + "' 2>&1";
        const int st = std::system(cmd.c_str());
        *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        std::ostringstream text;
        text << std::ifstream(out).rdbuf();
        return text.str();
    }
};

}  // namespace

TEST(DataDir, AnInstalledCopyUsesTheDataNextToIt) {
    const Prefix p;
    int status = -1;
    const std::string version = p.run("--version", &status);
    EXPECT_EQ(status, 0) << version;
    EXPECT_NE(version.find("data: " + (p.root / "share" / "acklab").string() + "\n"), std::string::npos) << version;
    const std::string list = p.run("scenario --list", &status);
    EXPECT_EQ(status, 0) << list;
    EXPECT_NE(list.find("only-here"), std::string::npos) << list;
    EXPECT_EQ(list.find("acks-levels"), std::string::npos) << "the build tree's scenarios leaked in:\n" << list;
}

TEST(DataDir, AnEnvironmentOverrideWinsAndAWrongOneIsSaid) {
    const Prefix p;
    int status = -1;
    const fs::path other = p.root / "elsewhere";
    fs::create_directories(other / "scenarios");
    std::string out = p.run("--version", &status, "ACKLAB_DATA_DIR='" + other.string() + "'");
    EXPECT_NE(out.find("data: " + other.string() + "\n"), std::string::npos) << out;
    out = p.run("--version", &status, "ACKLAB_DATA_DIR='" + (p.root / "missing").string() + "'");
    EXPECT_NE(out.find("data: not found ($ACKLAB_DATA_DIR=" + (p.root / "missing").string()), std::string::npos)
        << out;
}

TEST(DataDir, TheBuildTreeFindsTheSourceResources) {
    ::unsetenv("ACKLAB_DATA_DIR");
    const fs::path found = DataDir::find();
    ASSERT_FALSE(found.empty()) << DataDir::searchedText();
    EXPECT_TRUE(fs::exists(found / "scenarios" / "acks-levels.json")) << found;
    EXPECT_TRUE(fs::equivalent(found / "scenarios", fs::path(ACKLAB_RESOURCES_DIR) / "scenarios")) << found;
}

TEST(BuildInfo, VersionNamesTheProjectVersionAndTheGitDescription) {
    EXPECT_EQ(BuildInfo::version(), ACKLAB_VERSION);
    const std::string full = BuildInfo::fullVersion();
    EXPECT_EQ(full.rfind(BuildInfo::version(), 0), 0u) << full;
    if (BuildInfo::gitDescribe() == "unknown") EXPECT_EQ(full, BuildInfo::version());
    else EXPECT_EQ(full, BuildInfo::version() + "+" + BuildInfo::gitDescribe());
    EXPECT_FALSE(BuildInfo::librdkafkaRuntime().empty());
    const std::string text = BuildInfo::versionText("acklab-cli");
    EXPECT_EQ(text.rfind("acklab-cli " + BuildInfo::version() + " (git ", 0), 0u) << text;
}
