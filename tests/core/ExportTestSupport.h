#pragma once
// For the tests that run exported programs (core: against `acklab-cli cluster serve`; kafka: against Local
// Kafka): a background process whose first stdout line is read with a bound, a program run with its stdout
// captured, and `acklab-cli dlq list --json` read back. Uses ACKLAB_CLI_PATH.
#include "CliTestSupport.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace acklab::test {

// Debian's interpreter, where python3-confluent-kafka is installed (a python3 earlier on PATH, e.g. pyenv's,
// would not have it). ACKLAB_PYTHON overrides.
inline std::string pythonForExports() {
    const char* p = std::getenv("ACKLAB_PYTHON");
    return p && *p ? p : "/usr/bin/python3";
}

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// A process running in the background, stdout on a pipe, stderr to a file; SIGTERM + wait when destroyed.
class BackgroundProcess {
public:
    BackgroundProcess(const std::vector<std::string>& args, const std::filesystem::path& stderrFile) {
        int fds[2];
        if (pipe(fds) != 0) return;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        posix_spawn_file_actions_addopen(&fa, 2, stderrFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&fa);
        close(fds[1]);
        out_ = fds[0];
    }
    ~BackgroundProcess() { stop(); }
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    bool running() const { return pid_ > 0; }

    // The next stdout line, waiting at most `bound`; "" when none came (exited, or too slow).
    std::string readLine(std::chrono::milliseconds bound) {
        const auto until = std::chrono::steady_clock::now() + bound;
        std::string line;
        while (out_ >= 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return {};
            pollfd p{out_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char c;
            if (read(out_, &c, 1) != 1) return {};
            if (c == '\n') return line;
            line += c;
        }
        return {};
    }

    // Sends `sig`, reads stdout to its end (at most `bound`), waits: the exit status (-1 when it did not exit
    // normally) and what it printed.
    CliRun interrupt(int sig, std::chrono::milliseconds bound) {
        CliRun r;
        if (pid_ <= 0) return r;
        kill(pid_, sig);
        const auto until = std::chrono::steady_clock::now() + bound;
        while (out_ >= 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{out_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const ssize_t n = read(out_, buf, sizeof buf);
            if (n <= 0) break;
            r.out.append(buf, static_cast<size_t>(n));
        }
        r.status = stop();
        return r;
    }

    // SIGTERM, then the exit status (-1 when it did not exit normally).
    int stop() {
        if (out_ >= 0) close(out_);
        out_ = -1;
        if (pid_ <= 0) return -1;
        kill(pid_, SIGTERM);
        int st = 0;
        waitpid(pid_, &st, 0);
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
};

// Runs a command line (words quoted here), stdout captured, stderr to `stderrFile`, bounded by `timeout`.
inline CliRun runProgram(const std::vector<std::string>& args, const std::filesystem::path& stderrFile,
                         int timeoutSeconds = 180) {
    // Not under the TSan pass's LD_PRELOAD: the programs run are Python/Java/Go, not AckLab's code under test.
    std::string cmd = "env -u LD_PRELOAD timeout " + std::to_string(timeoutSeconds);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    cmd += " 2>" + shellQuote(stderrFile.string());
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// The exported programs print their counters as one JSON object, the last stdout line.
inline nlohmann::json summaryOf(const std::string& out) {
    std::istringstream in(out);
    nlohmann::json last;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '{') last = nlohmann::json::parse(line, nullptr, false);
    return last.is_discarded() ? nlohmann::json() : last;
}

// `acklab-cli dlq list --json` of a DLQ topic: one JSON object per record.
inline std::vector<nlohmann::json> dlqList(const std::string& bootstrap, const std::string& topic,
                                           const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"dlq", "list", "--bootstrap", bootstrap, "--topic", topic, "--json", "--limit", "100000"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun r = runCli(args, " 2>/dev/null");
    std::vector<nlohmann::json> records;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '{') records.push_back(nlohmann::json::parse(line, nullptr, false));
    return records;
}

inline std::filesystem::path freshDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("acklab-" + name + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace acklab::test
