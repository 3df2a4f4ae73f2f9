#pragma once
// acklab-cli's commands. Each returns the process exit status of the contract in docs/architecture.md:
// 0 completed, 1 a --fail-on condition / expectation held false, 2 bad input, 3 cluster unreachable,
// 4 runtime failure (a run that could not start or finish, a report that could not be written).
#include <exception>
#include <string>
#include <vector>

namespace acklab::cli {

enum Exit { kOk = 0, kConditionFailed = 1, kBadInput = 2, kUnreachable = 3, kRuntimeFailure = 4 };

// The exit status for an exception no command caught: 2 for the errors about what the user gave (a profile,
// scenario, traffic, fault or expectation that does not parse), 3 for an unreachable cluster, 4 for the rest.
int exitStatusFor(const std::exception& e);

int runCommand(const std::vector<std::string>& args, bool compare);
int profileCommand(const std::vector<std::string>& args);
int clusterCommand(const std::vector<std::string>& args);
int clusterServeCommand(const std::vector<std::string>& args);  // cluster serve --embedded N
int exportCommand(const std::vector<std::string>& args);
int dlqCommand(const std::vector<std::string>& args);
int scenarioCommand(const std::vector<std::string>& args);
int monitorCommand(const std::vector<std::string>& args);
int diagnoseCommand(const std::vector<std::string>& args);
int adviseCommand(const std::vector<std::string>& args);

}  // namespace acklab::cli
