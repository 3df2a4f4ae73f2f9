#pragma once
// acklab-cli's commands. Each returns the process exit status of DESIGN.md's contract:
// 0 completed, 1 a --fail-on condition / expectation held false, 2 bad input, 3 cluster unreachable.
#include <string>
#include <vector>

namespace acklab::cli {

enum Exit { kOk = 0, kConditionFailed = 1, kBadInput = 2, kUnreachable = 3 };

int runCommand(const std::vector<std::string>& args, bool compare);
int profileCommand(const std::vector<std::string>& args);
int clusterCommand(const std::vector<std::string>& args);
int dlqCommand(const std::vector<std::string>& args);
int scenarioCommand(const std::vector<std::string>& args);
int monitorCommand(const std::vector<std::string>& args);

}  // namespace acklab::cli
