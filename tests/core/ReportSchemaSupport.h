#pragma once
// Validates reports against resources/report.schema.json with Debian's python3-jsonschema (installed by
// scripts/setup.sh): a packaged, complete JSON Schema implementation rather than a partial one of our own.
#include "CliTestSupport.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace acklab::test {

inline std::string reportSchemaPath() { return std::string(ACKLAB_RESOURCES_DIR) + "/report.schema.json"; }

// Validates report files in one interpreter start (LD_PRELOAD dropped: the TSan pass preloads a library meant for
// the test binary only). Returns "" when every file is valid, else the validator's output: for each problem the
// file, the JSON path and what is wrong.
inline std::string validateReportFiles(const std::vector<std::string>& files) {
    std::string cmd = "env -u LD_PRELOAD /usr/bin/python3 " +
                      shellQuote(std::string(ACKLAB_TEST_TOOLS_DIR) + "/validate_report.py") + " " +
                      shellQuote(reportSchemaPath());
    for (const auto& f : files) cmd += " " + shellQuote(f);
    const CliRun r = runCommand(cmd + " 2>&1");
    if (r.status == 0) return {};
    return r.out.empty() ? "validator exited with status " + std::to_string(r.status) : r.out;
}

// Writes each document to `dir` (as <stem>-<i>.json), validates them, removes the files of a valid set.
inline std::string validateReports(const std::vector<nlohmann::json>& documents, const std::string& dir,
                                   const std::string& stem) {
    std::filesystem::create_directories(dir);
    std::vector<std::string> files;
    for (size_t i = 0; i < documents.size(); ++i) {
        files.push_back(dir + "/" + stem + "-" + std::to_string(i) + ".json");
        std::ofstream(files.back()) << documents[i].dump(1);
    }
    std::string problems = validateReportFiles(files);
    if (problems.empty())
        for (const auto& f : files) std::filesystem::remove(f);
    return problems;
}

}  // namespace acklab::test
