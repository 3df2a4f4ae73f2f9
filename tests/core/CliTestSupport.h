#pragma once
// Runs acklab-cli (the binary this build made) with arguments; stdout and stderr together, and the exit status.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace acklab::test {

struct CliRun {
    int status = -1;
    std::string out;
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a shell command line as it is.
inline CliRun runCommand(const std::string& cmd) {
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

inline CliRun runCli(const std::vector<std::string>& args, const std::string& redirect = " 2>&1") {
    std::string cmd = shellQuote(ACKLAB_CLI_PATH);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    return runCommand(cmd + redirect);
}

}  // namespace acklab::test
