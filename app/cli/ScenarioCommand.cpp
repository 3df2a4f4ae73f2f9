// acklab-cli scenario FILE [--report FILE.json] [--csv FILE] [--html FILE.html] [--quiet]
// Exit: 0 every expectation met, 1 one or more NOT met (named on stderr), 2 bad file (each problem names its
// path in the file), 3 the scenario's cluster is unreachable.
#include "Args.h"
#include "Commands.h"

#include "scenario/HtmlReport.h"
#include "scenario/Scenario.h"
#include "scenario/ScenarioRunner.h"
#include "traffic/ProducerRun.h"

#include <filesystem>
#include <iostream>
#include <sstream>

namespace acklab::cli {
namespace {

// A path, or the name of a bundled scenario ("acks-levels" -> resources/scenarios/acks-levels.json).
std::string resolveScenarioPath(const std::string& arg) {
    std::error_code ec;
    if (std::filesystem::exists(arg, ec)) return arg;
    for (const auto& f : Scenario::bundledFiles())
        if (std::filesystem::path(f).stem().string() == arg) return f;
    return arg;
}

void progress(const RunSession& s) {
    std::ostringstream o;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto snap = s.run(i).snapshot(SIZE_MAX, SIZE_MAX);
        const auto& c = snap.counters;
        o << (i ? " | " : "") << snap.profileName << ": sent " << c.sent << " ok " << c.delivered << " failed " << c.failed;
    }
    std::cerr << "\r" << o.str() << "   " << std::flush;
}

}  // namespace

int scenarioCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--report", "--csv", "--html"}, {"--quiet", "--list"});
    if (a.has("--list")) {
        for (const auto& f : Scenario::bundledFiles()) {
            try {
                const Scenario s = Scenario::load(f);
                std::cout << std::filesystem::path(f).stem().string() << "  (" << s.clusterText() << ")  " << s.name << "\n";
            } catch (const ScenarioError& e) {
                std::cout << std::filesystem::path(f).stem().string() << "  INVALID: " << e.what() << "\n";
            }
        }
        return kOk;
    }
    if (a.positionals().empty()) throw UsageError("FILE: missing (a scenario .json, or a bundled name; --list shows them)");
    if (a.positionals().size() > 1) throw UsageError("unexpected argument '" + a.positionals()[1] + "'");
    const std::string path = resolveScenarioPath(a.positionals()[0]);

    Scenario scenario;
    try {
        scenario = Scenario::load(path);
    } catch (const ScenarioError& e) {
        std::cerr << "acklab-cli scenario: " << path << " is not a usable scenario:\n";
        for (const auto& p : e.problems()) std::cerr << "  " << p << "\n";
        return kBadInput;
    }
    const bool quiet = a.has("--quiet");
    std::cout << "scenario " << scenario.name << "  (" << scenario.clusterText() << ", " << scenario.profiles.size()
              << " profile(s), " << scenario.repeat << " run(s))\n";
    if (!scenario.description.empty() && !quiet) std::cout << scenario.description << "\n";
    std::cout << "\n";

    ScenarioRunner runner(scenario);
    ScenarioRunner::Hooks hooks;
    hooks.onFault = [quiet](size_t i, const FiredFault& f) {
        if (!quiet && i == 0)
            std::cerr << "\n[fault at " << f.atMs << " ms] " << f.spec << ": " << (f.ok ? "" : "FAILED: ") << f.result << "\n";
    };
    hooks.onStarted = [quiet](int, RunSession& s) {
        while (!s.finished()) {
            for (size_t i = 0; i < s.size(); ++i)
                if (!s.run(i).finished()) {
                    s.run(i).wait(std::chrono::milliseconds(500));
                    break;
                }
            if (!quiet) progress(s);
        }
        if (!quiet) std::cerr << "\n";
    };
    hooks.onRunDone = [&scenario](const ScenarioRunResult& r) {
        if (scenario.repeat > 1) std::cout << "=== run " << (r.repeat + 1) << " of " << scenario.repeat << "\n";
        for (const auto& rec : r.records) std::cout << summaryText(rec);
        if (r.records.size() > 1) std::cout << "\n" << compareTable(r.records);
        if (!r.expectations.empty()) std::cout << "\nexpectations\n";
        for (const auto& e : r.expectations)
            std::cout << (e.met ? "  met      " : "  NOT met  ") << "[" << e.profile << "] " << e.message << "\n";
        std::cout << "\n";
    };

    ScenarioResult result;
    try {
        result = runner.run(hooks);
    } catch (const ClusterUnreachableError& e) {
        std::cerr << "acklab-cli scenario: " << e.what() << "\n";
        return kUnreachable;
    } catch (const RunError& e) {
        std::cerr << "acklab-cli scenario: " << path << ": cannot run: " << e.what() << "\n";
        return kRuntimeFailure;
    }

    if (auto p = a.value("--report")) writeTextFile(*p, result.toJson().dump(2) + "\n");
    if (auto p = a.value("--csv")) writeTextFile(*p, result.timelineCsvText());
    if (auto p = a.value("--html")) writeTextFile(*p, htmlReport(result));

    const auto failed = result.failed();
    size_t total = 0;
    for (const auto& r : result.runs) total += r.expectations.size();
    if (!failed.empty()) {
        std::cerr << "acklab-cli scenario: " << failed.size() << " of " << total << " expectation(s) NOT met:\n";
        for (const auto& e : failed)
            std::cerr << "  " << e.where << " [" << e.profile << (scenario.repeat > 1 ? ", run " + std::to_string(e.repeat + 1) : "")
                      << "]: " << e.message << "\n";
        return kConditionFailed;
    }
    std::cout << "all " << total << " expectation(s) met\n";
    return kOk;
}

}  // namespace acklab::cli
