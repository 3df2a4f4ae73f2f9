#include "cluster/LocalKafka.h"

#include "cluster/LocalKafkaInternal.h"
#include "common/DataDir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

// Admin API: LocalKafkaAdmin.cpp. Cluster id, node configs, storage format, log4j config: LocalKafkaConfig.cpp.

namespace acklab {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using detail::fetchMetadata;
using detail::findTopic;
using detail::kPollInterval;
using detail::makeClient;
using detail::readFile;
using detail::spawnProcess;
using detail::tail;
using detail::waitChild;
using detail::writeFile;

namespace {

constexpr const char* kStartedLine = "Kafka Server started";

std::string envOr(const char* name, const std::string& fallback = {}) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? std::string(v) : fallback;
}

fs::path homeDir() { return envOr("HOME", "/tmp"); }

bool isExecutable(const fs::path& p) { return !p.empty() && ::access(p.c_str(), X_OK) == 0 && !fs::is_directory(p); }

std::string resolveJava(const std::string& requested) {
  if (!requested.empty()) return requested;
  if (const auto jh = envOr("JAVA_HOME"); !jh.empty() && isExecutable(fs::path(jh) / "bin" / "java"))
    return (fs::path(jh) / "bin" / "java").string();
  std::stringstream path(envOr("PATH", "/usr/local/bin:/usr/bin:/bin"));
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && isExecutable(fs::path(dir) / "java")) return (fs::path(dir) / "java").string();
  return "java";
}

// An exclusive flock on <stateDir>/.lock for the duration of up/down/restart, so two acklab processes
// do not start the same nodes twice.
class StateLock {
 public:
  explicit StateLock(const fs::path& dir) {
    fs::create_directories(dir);
    fd_ = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw LocalKafkaError("cannot open " + (dir / ".lock").string() + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~StateLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

const char* toString(NodeState state) {
  switch (state) {
    case NodeState::Running: return "running";
    case NodeState::Stopped: return "stopped";
    case NodeState::Dead: return "dead";
  }
  return "?";
}

int LocalKafkaStatus::running() const {
  return static_cast<int>(std::count_if(nodes.begin(), nodes.end(),
                                        [](const LocalKafkaNode& n) { return n.state == NodeState::Running; }));
}

LocalKafka::LocalKafka(LocalKafkaOptions options) : options_(std::move(options)) {
  if (options_.stateDir.empty())
    options_.stateDir = envOr("ACKLAB_STATE_DIR", (homeDir() / ".cache" / "acklab" / "local-kafka").string());
  if (options_.kafkaLibs.empty()) {
    const std::string home = envOr("ACKLAB_KAFKA_HOME", (homeDir() / ".cache" / "acklab" /
                                                         (std::string("kafka-") + kLocalKafkaVersion)).string());
    options_.kafkaLibs = envOr("ACKLAB_KAFKA_LIBS", (fs::path(home) / "libs").string());
  }
  options_.java = resolveJava(options_.java);
  if (options_.basePort == 0) {
    // Two clusters on one machine (two checkouts testing at once) need their own ports and state dirs.
    const std::string port = envOr("ACKLAB_KAFKA_BASE_PORT", "19092");
    try {
      options_.basePort = std::stoi(port);
    } catch (const std::exception&) {
      throw LocalKafkaError("ACKLAB_KAFKA_BASE_PORT: '" + port + "' is not a port number");
    }
  }
  if (options_.nodes < 1 || options_.nodes > 9) throw LocalKafkaError("LocalKafka: nodes must be 1..9");
  if (options_.basePort < 1024 || options_.basePort + 10 * options_.nodes >= 32768)
    throw LocalKafkaError("LocalKafka: basePort " + std::to_string(options_.basePort) +
                          " must be >= 1024 and leave 10 ports per node below 32768 (the ephemeral range)");
}

// ---- paths, ports -----------------------------------------------------------------------------------
fs::path LocalKafka::nodeDir(int node) const { return options_.stateDir / ("node" + std::to_string(node)); }

void LocalKafka::checkNode(int node) const {
  if (node < 1 || node > options_.nodes)
    throw LocalKafkaError("no node " + std::to_string(node) + " (nodes are 1.." + std::to_string(options_.nodes) + ")");
}

std::string LocalKafka::bootstrap() const {
  std::string s;
  for (int i = 1; i <= options_.nodes; ++i) s += (i > 1 ? "," : "") + ("127.0.0.1:" + std::to_string(plaintextPort(i)));
  return s;
}

std::string LocalKafka::saslBootstrap() const {
  std::string s;
  for (int i = 1; i <= options_.nodes; ++i) s += (i > 1 ? "," : "") + ("127.0.0.1:" + std::to_string(saslPort(i)));
  return s;
}

// ---- install checks ---------------------------------------------------------------------------------
bool LocalKafka::javaAvailable(const std::string& java) {
  const std::string bin = resolveJava(java);
  if (bin.find('/') != std::string::npos && !isExecutable(bin)) return false;
  if (bin.find('/') == std::string::npos) return false;  // not found on PATH
  try {
    const pid_t pid = spawnProcess({bin, "-version"}, "/dev/null", false);
    const auto rc = waitChild(pid, 30s);
    return rc && *rc == 0;
  } catch (const LocalKafkaError&) {
    return false;
  }
}

void LocalKafka::requireInstall() const {
  if (!javaAvailable(options_.java))
    throw LocalKafkaError("Java not found or not runnable (tried '" + options_.java +
                          "'): run scripts/setup.sh --kafka (installs Java 17), or set JAVA_HOME");
  std::error_code ec;
  bool broker = false;
  bool tools = false;
  if (fs::is_directory(options_.kafkaLibs, ec)) {
    for (const auto& e : fs::directory_iterator(options_.kafkaLibs, ec)) {
      const std::string n = e.path().filename().string();
      broker = broker || (n.rfind("kafka_2.13-", 0) == 0 && n.ends_with(".jar"));
      tools = tools || (n.rfind("kafka-tools-", 0) == 0 && n.find("-api-") == std::string::npos && n.ends_with(".jar"));
    }
  }
  if (!broker || !tools) {
    // An installed AckLab carries the fetch script in its data folder; a source tree has scripts/.
    const fs::path data = DataDir::find();
    const fs::path installed = data / "scripts" / "fetch-kafka.sh";
    const std::string how = !data.empty() && fs::exists(installed, ec)
                                ? installed.string() + " (needs Maven and Java 17)"
                                : "scripts/setup.sh --kafka (or scripts/fetch-kafka.sh)";
    throw LocalKafkaError("Kafka jars not found in " + options_.kafkaLibs.string() + ": run " + how +
                          "; set ACKLAB_KAFKA_LIBS to use another folder");
  }
}

// ---- processes --------------------------------------------------------------------------------------
pid_t LocalKafka::spawnNode(int node) const {
  const fs::path dir = nodeDir(node);
  const fs::path out = dir / "logs" / "stdout.log";
  {
    std::ofstream marker(out, std::ios::app);
    marker << "==== acklab: starting node " << node << " ====\n";
  }
  const std::vector<std::string> args = {options_.java,
                                         "-Xmx" + options_.maxHeap,
                                         "-XX:+UseG1GC",
                                         "-XX:MaxGCPauseMillis=20",
                                         "-XX:+ExitOnOutOfMemoryError",
                                         "-Djava.awt.headless=true",
                                         "-Dkafka.logs.dir=" + (dir / "logs").string(),
                                         "-Dlog4j2.configurationFile=" + log4jConfigPath().string(),
                                         "-cp",
                                         (options_.kafkaLibs / "*").string(),
                                         "kafka.Kafka",
                                         (dir / "server.properties").string()};
  const pid_t pid = spawnProcess(args, out, true);
  writeFile(options_.stateDir / ("node" + std::to_string(node) + ".pid"), std::to_string(pid) + "\n");
  return pid;
}

pid_t LocalKafka::readPid(int node) const {
  std::error_code ec;
  const fs::path f = options_.stateDir / ("node" + std::to_string(node) + ".pid");
  if (!fs::exists(f, ec)) return 0;
  try {
    return static_cast<pid_t>(std::stol(readFile(f)));
  } catch (const std::exception&) {
    return 0;
  }
}

NodeState LocalKafka::nodeState(int node, pid_t pid) const {
  if (pid <= 0) return NodeState::Dead;
  int st = 0;
  if (::waitpid(pid, &st, WNOHANG) == pid) return NodeState::Dead;  // our child, now reaped
  const fs::path proc = fs::path("/proc") / std::to_string(pid);
  const std::string stat = readFile(proc / "stat");
  const auto rp = stat.rfind(')');
  if (rp == std::string::npos || rp + 2 >= stat.size()) return NodeState::Dead;  // no such process
  const char state = stat[rp + 2];
  if (state == 'Z' || state == 'X' || state == 'x') return NodeState::Dead;
  // The pid must still be this node's JVM (pids are reused): its command line names the node's config.
  // Right after exec the command line can read empty for a moment; that is not a mismatch.
  std::string cmdline = readFile(proc / "cmdline");
  std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
  if (!cmdline.empty() && (cmdline.find("kafka.Kafka") == std::string::npos ||
                           cmdline.find((nodeDir(node) / "server.properties").string()) == std::string::npos))
    return NodeState::Dead;
  return (state == 'T' || state == 't') ? NodeState::Stopped : NodeState::Running;
}

pid_t LocalKafka::requireAlive(int node) const {
  checkNode(node);
  const pid_t pid = readPid(node);
  if (nodeState(node, pid) == NodeState::Dead)
    throw LocalKafkaError("node " + std::to_string(node) + " is not running (start the cluster with up(), or restart(" +
                          std::to_string(node) + "))");
  return pid;
}

void LocalKafka::waitStarted(const std::map<int, std::uintmax_t>& logOffsets, Clock::time_point deadline) const {
  std::map<int, bool> started;
  for (;;) {
    bool all = true;
    for (const auto& [node, offset] : logOffsets) {
      if (started[node]) continue;
      const fs::path log = nodeDir(node) / "logs" / "server.log";
      std::error_code ec;
      const auto size = fs::file_size(log, ec);
      std::ifstream in(log, std::ios::binary);
      // The log rolls over at 20 MB: a file shorter than the offset is a new one, read it whole.
      in.seekg(static_cast<std::streamoff>(!ec && size >= offset ? offset : 0));
      std::string line;
      while (std::getline(in, line))
        if (line.find(kStartedLine) != std::string::npos) started[node] = true;
      if (started[node]) continue;
      all = false;
      if (nodeState(node, readPid(node)) == NodeState::Dead)
        throw LocalKafkaError("Kafka node " + std::to_string(node) + " exited while starting; " +
                              (nodeDir(node) / "logs").string() + "/stdout.log ends with:\n" +
                              tail(nodeDir(node) / "logs" / "stdout.log"));
    }
    if (all) return;
    if (Clock::now() >= deadline) {
      std::string which;
      for (const auto& [node, ok] : started)
        if (!ok) which += " " + std::to_string(node);
      throw LocalKafkaError("Kafka node(s)" + which + " did not log \"" + kStartedLine + "\" within " +
                            std::to_string(options_.startTimeout.count()) + " ms; see " +
                            options_.stateDir.string() + "/nodeN/logs/server.log");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void LocalKafka::waitBrokersInMetadata(const std::vector<int>& nodes, Clock::time_point deadline) const {
  std::string bs;
  for (int n : nodes) bs += (bs.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(plaintextPort(n)));
  auto rk = makeClient(bs);
  std::string lastError = "no metadata yet";
  for (;;) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (auto snap = fetchMetadata(rk.get(), std::clamp(remaining, 100ms, 2000ms), &lastError)) {
      const bool all = std::all_of(nodes.begin(), nodes.end(), [&](int n) {
        return std::find(snap->brokers.begin(), snap->brokers.end(), n) != snap->brokers.end();
      });
      if (all) return;
      lastError = "metadata lists " + std::to_string(snap->brokers.size()) + " broker(s)";
    }
    if (Clock::now() >= deadline)
      throw LocalKafkaError("Kafka brokers did not all appear in cluster metadata in time (" + lastError + ")");
    std::this_thread::sleep_for(kPollInterval);
  }
}

// ---- lifecycle --------------------------------------------------------------------------------------
LocalKafkaUp LocalKafka::up() {
  const auto t0 = Clock::now();
  StateLock lock(options_.stateDir);
  LocalKafkaUp result;
  result.bootstrap = bootstrap();
  result.saslBootstrap = saslBootstrap();

  std::vector<int> dead;
  for (int i = 1; i <= options_.nodes; ++i) {
    const pid_t pid = readPid(i);
    if (nodeState(i, pid) == NodeState::Dead) {
      dead.push_back(i);
      std::error_code ec;
      fs::remove(options_.stateDir / ("node" + std::to_string(i) + ".pid"), ec);
    }
  }
  result.clusterId = readFile(options_.stateDir / "cluster.id");
  result.clusterId.erase(std::remove(result.clusterId.begin(), result.clusterId.end(), '\n'), result.clusterId.end());
  if (dead.empty()) {
    result.alreadyRunning = true;
    result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
    return result;
  }

  requireInstall();
  result.clusterId = ensureClusterId();
  writeConfigs();
  formatStorage(result.clusterId);

  // If anything below fails, the nodes this call started are killed again: no half-started cluster.
  struct KillOnFailure {
    const LocalKafka* self;
    std::map<int, pid_t> spawned;
    bool armed = true;
    ~KillOnFailure() {
      if (armed)
        for (const auto& [node, pid] : spawned) self->killSpawned(node, pid);
    }
  } guard{this, {}};

  std::map<int, std::uintmax_t> offsets;
  for (int n : dead) {
    std::error_code ec;
    const auto size = fs::file_size(nodeDir(n) / "logs" / "server.log", ec);
    offsets[n] = ec ? 0 : size;
    guard.spawned[n] = spawnNode(n);
  }
  const auto deadline = t0 + options_.startTimeout;
  waitStarted(offsets, deadline);
  std::vector<int> all;
  for (int i = 1; i <= options_.nodes; ++i) all.push_back(i);
  waitBrokersInMetadata(all, deadline);
  guard.armed = false;
  for (const auto& [node, pid] : guard.spawned) result.started.push_back(node);
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  return result;
}

std::vector<int> LocalKafka::down() {
  StateLock lock(options_.stateDir);
  std::map<int, pid_t> alive;
  for (int i = 1; i <= options_.nodes; ++i) {
    const pid_t pid = readPid(i);
    const NodeState st = nodeState(i, pid);
    if (st == NodeState::Dead) {
      std::error_code ec;
      fs::remove(options_.stateDir / ("node" + std::to_string(i) + ".pid"), ec);
      continue;
    }
    alive[i] = pid;
    if (st == NodeState::Stopped) ::kill(pid, SIGCONT);  // a stopped JVM cannot run its shutdown hooks
    ::kill(pid, SIGTERM);
  }
  std::vector<int> stopped;
  stopped.reserve(alive.size());
  for (const auto& [node, pid] : alive) stopped.push_back(node);

  auto waitGone = [&](Clock::time_point deadline) {
    for (;;) {
      for (auto it = alive.begin(); it != alive.end();) {
        if (nodeState(it->first, it->second) == NodeState::Dead) {
          std::error_code ec;
          fs::remove(options_.stateDir / ("node" + std::to_string(it->first) + ".pid"), ec);
          it = alive.erase(it);
        } else {
          ++it;
        }
      }
      if (alive.empty() || Clock::now() >= deadline) return;
      std::this_thread::sleep_for(kPollInterval);
    }
  };
  waitGone(Clock::now() + options_.stopTimeout);
  for (const auto& [node, pid] : alive) ::kill(pid, SIGKILL);
  waitGone(Clock::now() + 5s);
  if (!alive.empty()) {
    std::string which;
    for (const auto& [node, pid] : alive) which += " " + std::to_string(node) + " (pid " + std::to_string(pid) + ")";
    throw LocalKafkaError("Kafka node(s)" + which + " did not exit after SIGKILL");
  }
  return stopped;
}

LocalKafkaStatus LocalKafka::status(const std::string& topic, std::chrono::milliseconds metadataTimeout) const {
  LocalKafkaStatus st;
  st.bootstrap = bootstrap();
  st.saslBootstrap = saslBootstrap();
  std::string runningBootstrap;
  for (int i = 1; i <= options_.nodes; ++i) {
    LocalKafkaNode n;
    n.id = i;
    n.pid = readPid(i);
    n.state = nodeState(i, n.pid);
    n.plaintextPort = plaintextPort(i);
    n.saslPort = saslPort(i);
    n.controllerPort = controllerPort(i);
    if (n.state == NodeState::Running)
      runningBootstrap += (runningBootstrap.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(n.plaintextPort));
    st.nodes.push_back(n);
  }
  if (runningBootstrap.empty()) {
    st.metadataError = "no node is running";
    return st;
  }
  // A fresh handle bootstrapped from running nodes only: librdkafka asks an up connection for metadata,
  // and a SIGSTOPped node still accepts TCP connections but never answers.
  auto rk = makeClient(runningBootstrap);
  if (auto snap = fetchMetadata(rk.get(), metadataTimeout, &st.metadataError)) {
    st.brokers = snap->brokers;
    if (!topic.empty()) st.topic = findTopic(*snap, topic);
  }
  return st;
}

// ---- faults -----------------------------------------------------------------------------------------
void LocalKafka::kill(int node) {
  const pid_t pid = requireAlive(node);
  ::kill(pid, SIGKILL);
  const auto deadline = Clock::now() + 5s;
  while (nodeState(node, pid) != NodeState::Dead && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
  std::error_code ec;
  fs::remove(options_.stateDir / ("node" + std::to_string(node) + ".pid"), ec);
}

void LocalKafka::stop(int node) {
  const pid_t pid = requireAlive(node);
  ::kill(pid, SIGSTOP);
  const auto deadline = Clock::now() + 5s;
  while (nodeState(node, pid) != NodeState::Stopped && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
}

void LocalKafka::cont(int node) {
  const pid_t pid = requireAlive(node);
  ::kill(pid, SIGCONT);
  const auto deadline = Clock::now() + 5s;
  while (nodeState(node, pid) == NodeState::Stopped && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
}

void LocalKafka::restart(int node) {
  checkNode(node);
  StateLock lock(options_.stateDir);
  const pid_t old = readPid(node);
  if (nodeState(node, old) != NodeState::Dead)
    throw LocalKafkaError("node " + std::to_string(node) + " is still running (pid " + std::to_string(old) +
                          "): kill it before restart");
  requireInstall();
  std::error_code ec;
  if (!fs::exists(options_.stateDir / "cluster.id", ec) || !fs::exists(nodeDir(node) / "data" / "meta.properties", ec))
    throw LocalKafkaError("node " + std::to_string(node) + " was never started: use up()");
  writeConfigs();
  const auto size = fs::file_size(nodeDir(node) / "logs" / "server.log", ec);
  const auto deadline = Clock::now() + options_.startTimeout;
  const pid_t pid = spawnNode(node);
  try {
    waitStarted({{node, ec ? 0 : size}}, deadline);
    waitBrokersInMetadata({node}, deadline);
  } catch (...) {
    killSpawned(node, pid);
    throw;
  }
}

void LocalKafka::killSpawned(int node, pid_t pid) const {
  // Our own child: SIGKILL it whatever its state, then reap it (bounded).
  ::kill(pid, SIGKILL);
  const auto deadline = Clock::now() + 5s;
  int st = 0;
  while (::waitpid(pid, &st, WNOHANG) == 0 && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
  std::error_code ec;
  if (readPid(node) == pid) fs::remove(options_.stateDir / ("node" + std::to_string(node) + ".pid"), ec);
}
}  // namespace acklab
