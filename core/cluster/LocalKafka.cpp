#include "cluster/LocalKafka.h"

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace acklab {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto kPollInterval = 100ms;
constexpr const char* kStartedLine = "Kafka Server started";

// Used when neither options.log4jConfig nor <kafkaLibs>/../log4j2.properties (copied there by
// scripts/fetch-kafka.sh from kafka/log4j2.properties) exists.
constexpr const char* kBuiltinLog4j = R"(name = acklab-kafka
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir:-logs}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = warn
rootLogger.level = info
rootLogger.appenderRef.file.ref = FILE
rootLogger.appenderRef.console.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = warn
)";

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

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw LocalKafkaError("cannot write " + tmp.string());
  }
  fs::rename(tmp, p);
}

// The last `lines` lines of a log file, for error messages.
std::string tail(const fs::path& p, int lines = 15) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return {};
  const std::string text = readFile(p);
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (int n = 0; n < lines && pos != std::string::npos && pos > 0; ++n) pos = text.rfind('\n', pos - 1);
  return text.substr(pos == std::string::npos ? 0 : pos + (pos > 0 ? 1 : 0));
}

// Kafka's Uuid: 16 random bytes, URL-safe base64 without padding; Kafka avoids ids starting with '-'.
std::string randomKafkaUuid() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  for (;;) {
    std::array<unsigned char, 16> b{};
    for (auto& c : b) c = static_cast<unsigned char>(rd());
    std::string out;
    unsigned bits = 0;
    int nbits = 0;
    for (unsigned char c : b) {
      bits = (bits << 8) | c;
      nbits += 8;
      while (nbits >= 6) {
        out += kAlphabet[(bits >> (nbits - 6)) & 0x3F];
        nbits -= 6;
      }
    }
    if (nbits > 0) out += kAlphabet[(bits << (6 - nbits)) & 0x3F];
    if (out.front() != '-') return out;
  }
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

// posix_spawn with stdin from /dev/null, stdout+stderr appended to a log file, no other inherited
// descriptors (a ctest pipe held open by a broker would hang ctest), default signal dispositions (a JVM
// that inherits an ignored SIGTERM skips its shutdown hooks) and, for brokers, its own session.
pid_t spawnProcess(const std::vector<std::string>& args, const fs::path& logFile, bool newSession) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  struct Cleanup {
    posix_spawn_file_actions_t* fa;
    posix_spawnattr_t* attr;
    ~Cleanup() {
      posix_spawn_file_actions_destroy(fa);
      posix_spawnattr_destroy(attr);
    }
  } cleanup{&fa, &attr};

  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);

  sigset_t none;
  sigset_t defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (newSession) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);

  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), environ);
  if (rc != 0) throw LocalKafkaError("cannot start " + args[0] + ": " + std::strerror(rc));
  return pid;
}

// Waits for a child with a bound; returns its exit status, or nullopt on timeout (the child is then killed).
std::optional<int> waitChild(pid_t pid, std::chrono::milliseconds bound) {
  const auto deadline = Clock::now() + bound;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid, &st, WNOHANG);
    if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(20ms);
  }
}

// ---- librdkafka RAII -------------------------------------------------------------------------------
struct RdKafkaDeleter {
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  void operator()(rd_kafka_conf_t* p) const { rd_kafka_conf_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_AclBinding_t* p) const { rd_kafka_AclBinding_destroy(p); }
  void operator()(const rd_kafka_metadata_t* p) const { rd_kafka_metadata_destroy(p); }
};
template <typename T>
using RdPtr = std::unique_ptr<T, RdKafkaDeleter>;

// A quiet client handle (no log lines on stderr when a node is down or stopped) for metadata and admin.
RdPtr<rd_kafka_t> makeClient(const std::string& bootstrap, const std::map<std::string, std::string>& extra = {}) {
  RdPtr<rd_kafka_conf_t> conf(rd_kafka_conf_new());
  char err[512];
  std::map<std::string, std::string> all = {{"bootstrap.servers", bootstrap},
                                            {"client.id", "acklab-local-kafka"},
                                            {"socket.connection.setup.timeout.ms", "3000"},
                                            {"reconnect.backoff.max.ms", "1000"}};
  for (const auto& [k, v] : extra) all[k] = v;
  for (const auto& [k, v] : all)
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      throw LocalKafkaError("librdkafka refused " + k + ": " + err);
  rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err);
  if (rk == nullptr) throw LocalKafkaError(std::string("cannot create a librdkafka client: ") + err);
  conf.release();  // owned by rk now
  return RdPtr<rd_kafka_t>(rk);
}

struct MetadataSnapshot {
  std::vector<int32_t> brokers;
  std::vector<TopicInfo> topics;
};

std::optional<MetadataSnapshot> fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout, std::string* error) {
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &raw, static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (error != nullptr) *error = std::string("metadata: ") + rd_kafka_err2name(err);
    return std::nullopt;
  }
  RdPtr<const rd_kafka_metadata_t> md(raw);
  MetadataSnapshot snap;
  for (int i = 0; i < md->broker_cnt; ++i) snap.brokers.push_back(md->brokers[i].id);
  std::sort(snap.brokers.begin(), snap.brokers.end());
  for (int t = 0; t < md->topic_cnt; ++t) {
    const auto& mt = md->topics[t];
    TopicInfo ti;
    ti.name = mt.topic;
    if (mt.err != RD_KAFKA_RESP_ERR_NO_ERROR) ti.error = rd_kafka_err2name(mt.err);
    for (int p = 0; p < mt.partition_cnt; ++p) {
      const auto& mp = mt.partitions[p];
      PartitionInfo pi;
      pi.partition = mp.id;
      pi.leader = mp.leader;
      pi.replicas.assign(mp.replicas, mp.replicas + mp.replica_cnt);
      pi.isr.assign(mp.isrs, mp.isrs + mp.isr_cnt);
      if (mp.err != RD_KAFKA_RESP_ERR_NO_ERROR) pi.error = rd_kafka_err2name(mp.err);
      ti.partitions.push_back(std::move(pi));
    }
    std::sort(ti.partitions.begin(), ti.partitions.end(),
              [](const PartitionInfo& a, const PartitionInfo& b) { return a.partition < b.partition; });
    snap.topics.push_back(std::move(ti));
  }
  return snap;
}

TopicInfo findTopic(const MetadataSnapshot& snap, const std::string& name) {
  for (const auto& t : snap.topics)
    if (t.name == name) return t;
  TopicInfo missing;
  missing.name = name;
  missing.error = "UNKNOWN_TOPIC_OR_PARTITION";
  return missing;
}

// Runs an Admin API request and returns its result event (or throws on timeout / request error).
RdPtr<rd_kafka_event_t> awaitAdminResult(rd_kafka_queue_t* q, std::chrono::milliseconds timeout, const char* what) {
  RdPtr<rd_kafka_event_t> ev(rd_kafka_queue_poll(q, static_cast<int>(timeout.count())));
  if (!ev) throw LocalKafkaError(std::string(what) + ": no answer within " + std::to_string(timeout.count()) + " ms");
  if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw LocalKafkaError(std::string(what) + ": " + rd_kafka_err2name(rd_kafka_event_error(ev.get())) + " (" +
                          rd_kafka_event_error_string(ev.get()) + ")");
  return ev;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

rd_kafka_AclOperation_t aclOperation(const std::string& name) {
  static const std::map<std::string, rd_kafka_AclOperation_t> ops = {
      {"all", RD_KAFKA_ACL_OPERATION_ALL},
      {"read", RD_KAFKA_ACL_OPERATION_READ},
      {"write", RD_KAFKA_ACL_OPERATION_WRITE},
      {"create", RD_KAFKA_ACL_OPERATION_CREATE},
      {"delete", RD_KAFKA_ACL_OPERATION_DELETE},
      {"alter", RD_KAFKA_ACL_OPERATION_ALTER},
      {"describe", RD_KAFKA_ACL_OPERATION_DESCRIBE},
      {"clusteraction", RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION},
      {"describeconfigs", RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS},
      {"alterconfigs", RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS},
      {"idempotentwrite", RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE},
  };
  std::string key = lower(name);
  key.erase(std::remove(key.begin(), key.end(), '_'), key.end());
  if (auto it = ops.find(key); it != ops.end()) return it->second;
  throw LocalKafkaError("unknown ACL operation '" + name +
                        "' (known: Read, Write, Describe, Create, Delete, Alter, DescribeConfigs, AlterConfigs, "
                        "IdempotentWrite, ClusterAction, All)");
}

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

std::map<std::string, std::string> LocalKafka::saslClientConfig(const std::string& user) {
  return {{"security.protocol", "SASL_PLAINTEXT"},
          {"sasl.mechanisms", "PLAIN"},
          {"sasl.username", user},
          {"sasl.password", user + "-secret"}};
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
  if (!broker || !tools)
    throw LocalKafkaError("Kafka jars not found in " + options_.kafkaLibs.string() +
                          ": run scripts/setup.sh --kafka (or scripts/fetch-kafka.sh; set ACKLAB_KAFKA_LIBS to use "
                          "another folder)");
}

fs::path LocalKafka::log4jConfigPath() const {
  if (!options_.log4jConfig.empty()) return options_.log4jConfig;
  const fs::path fetched = options_.kafkaLibs.parent_path() / "log4j2.properties";
  std::error_code ec;
  if (fs::exists(fetched, ec)) return fetched;
  const fs::path builtin = options_.stateDir / "log4j2.properties";
  writeFile(builtin, kBuiltinLog4j);
  return builtin;
}

// ---- configuration and storage ----------------------------------------------------------------------
std::string LocalKafka::ensureClusterId() {
  const fs::path idFile = options_.stateDir / "cluster.id";
  std::error_code ec;
  if (fs::exists(idFile, ec)) {
    std::string id = readFile(idFile);
    id.erase(std::remove_if(id.begin(), id.end(), [](unsigned char c) { return std::isspace(c); }), id.end());
    if (!id.empty()) return id;
  }
  const std::string id = randomKafkaUuid();
  writeFile(idFile, id + "\n");
  return id;
}

void LocalKafka::writeConfigs() const {
  std::string voters;
  for (int i = 1; i <= options_.nodes; ++i)
    voters += (i > 1 ? "," : "") + (std::to_string(i) + "@127.0.0.1:" + std::to_string(controllerPort(i)));
  const int rf = std::min(3, options_.nodes);
  const int minIsr = std::min(2, rf);
  for (int i = 1; i <= options_.nodes; ++i) {
    const fs::path dir = nodeDir(i);
    fs::create_directories(dir / "data");
    fs::create_directories(dir / "logs");
    const std::string p = std::to_string(plaintextPort(i));
    const std::string s = std::to_string(saslPort(i));
    const std::string c = std::to_string(controllerPort(i));
    std::ostringstream o;
    o << "# Written by AckLab (core/cluster/LocalKafka.cpp) on every start; edits are overwritten.\n"
      << "process.roles=broker,controller\n"
      << "node.id=" << i << "\n"
      << "controller.quorum.voters=" << voters << "\n"
      << "listeners=PLAINTEXT://127.0.0.1:" << p << ",SASL_PLAINTEXT://127.0.0.1:" << s
      << ",CONTROLLER://127.0.0.1:" << c << "\n"
      << "advertised.listeners=PLAINTEXT://127.0.0.1:" << p << ",SASL_PLAINTEXT://127.0.0.1:" << s << "\n"
      << "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT\n"
      << "controller.listener.names=CONTROLLER\n"
      << "inter.broker.listener.name=PLAINTEXT\n"
      << "log.dirs=" << (dir / "data").string() << "\n"
      << "sasl.enabled.mechanisms=PLAIN\n"
      << "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
         " required username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\""
         " user_alice=\"alice-secret\" user_bob=\"bob-secret\";\n"
      << "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n"
      << "allow.everyone.if.no.acl.found=false\n"
      << "# PLAINTEXT and CONTROLLER connections are unauthenticated (ANONYMOUS) and must pass the authorizer.\n"
      << "super.users=User:admin;User:ANONYMOUS\n"
      << "num.partitions=1\n"
      << "default.replication.factor=" << rf << "\n"
      << "min.insync.replicas=" << minIsr << "\n"
      << "auto.create.topics.enable=false\n"
      << "offsets.topic.replication.factor=" << rf << "\n"
      << "transaction.state.log.replication.factor=" << rf << "\n"
      << "transaction.state.log.min.isr=" << minIsr << "\n"
      << "share.coordinator.state.topic.replication.factor=" << rf << "\n"
      << "share.coordinator.state.topic.min.isr=" << minIsr << "\n"
      << "group.initial.rebalance.delay.ms=0\n"
      << "# Fast failure detection: a dead or stopped node is fenced (and leaves every ISR) after ~3 s.\n"
      << "broker.heartbeat.interval.ms=500\n"
      << "broker.session.timeout.ms=3000\n"
      << "controller.quorum.election.timeout.ms=1000\n"
      << "# Small footprint.\n"
      << "num.network.threads=2\n"
      << "num.io.threads=4\n"
      << "num.recovery.threads.per.data.dir=1\n"
      << "log.cleaner.threads=1\n"
      << "log.cleaner.dedupe.buffer.size=16777216\n";
    writeFile(dir / "server.properties", o.str());
  }
}

void LocalKafka::formatStorage(const std::string& clusterId) const {
  const fs::path log4j = log4jConfigPath();
  std::vector<std::pair<int, pid_t>> running;
  for (int i = 1; i <= options_.nodes; ++i) {
    std::error_code ec;
    if (fs::exists(nodeDir(i) / "data" / "meta.properties", ec)) continue;
    // Static controller.quorum.voters: Kafka 4.x formats without --standalone / --initial-controllers.
    const std::vector<std::string> args = {options_.java,
                                           "-Xmx256m",
                                           "-Dkafka.logs.dir=" + (nodeDir(i) / "logs").string(),
                                           "-Dlog4j2.configurationFile=" + log4j.string(),
                                           "-cp",
                                           (options_.kafkaLibs / "*").string(),
                                           "kafka.tools.StorageTool",
                                           "format",
                                           "-t",
                                           clusterId,
                                           "-c",
                                           (nodeDir(i) / "server.properties").string(),
                                           "--ignore-formatted"};
    running.emplace_back(i, spawnProcess(args, nodeDir(i) / "logs" / "format.log", false));
  }
  std::string failures;
  for (const auto& [node, pid] : running) {
    const auto rc = waitChild(pid, 120s);
    if (!rc || *rc != 0)
      failures += "\nnode " + std::to_string(node) + (rc ? " exited " + std::to_string(*rc) : std::string(" timed out")) +
                  ":\n" + tail(nodeDir(node) / "logs" / "format.log");
  }
  if (!failures.empty()) throw LocalKafkaError("formatting Kafka storage failed (kafka.tools.StorageTool format):" + failures);
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

TopicInfo LocalKafka::describeTopic(const std::string& topic, std::chrono::milliseconds timeout) const {
  const auto st = status(topic, timeout);
  if (st.topic) return *st.topic;
  TopicInfo t;
  t.name = topic;
  t.error = st.metadataError.empty() ? "no metadata" : st.metadataError;
  return t;
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

// ---- admin ------------------------------------------------------------------------------------------
std::vector<std::vector<int32_t>> LocalKafka::parseReplicaAssignment(const std::string& text) {
  std::vector<std::vector<int32_t>> out;
  std::stringstream partitions(text);
  for (std::string part; std::getline(partitions, part, ',');) {
    std::vector<int32_t> replicas;
    std::stringstream ids(part);
    for (std::string id; std::getline(ids, id, ':');) {
      std::size_t used = 0;
      int value = -1;
      try {
        value = std::stoi(id, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != id.size() || value < 0)
        throw LocalKafkaError("replica assignment '" + text + "': '" + id + "' is not a broker id");
      if (std::find(replicas.begin(), replicas.end(), value) != replicas.end())
        throw LocalKafkaError("replica assignment '" + text + "': broker " + id + " twice in one partition");
      replicas.push_back(value);
    }
    if (replicas.empty()) throw LocalKafkaError("replica assignment '" + text + "': empty partition");
    if (!out.empty() && out.front().size() != replicas.size())
      throw LocalKafkaError("replica assignment '" + text + "': every partition needs the same number of replicas");
    out.push_back(std::move(replicas));
  }
  if (out.empty()) throw LocalKafkaError("replica assignment is empty");
  return out;
}

void LocalKafka::createTopic(const std::string& name, int partitions, int replicationFactor,
                             const std::map<std::string, std::string>& configs) {
  TopicSpec spec;
  spec.name = name;
  spec.partitions = partitions;
  spec.replicationFactor = replicationFactor;
  spec.configs = configs;
  createTopic(spec);
}

void LocalKafka::createTopic(const TopicSpec& spec, std::chrono::milliseconds timeout) {
  if (spec.name.empty()) throw LocalKafkaError("createTopic: empty topic name");
  const auto st = status();
  if (st.running() == 0) throw LocalKafkaError("createTopic: no Kafka node is running (run up() first)");
  std::string bs;
  for (const auto& n : st.nodes)
    if (n.state == NodeState::Running) bs += (bs.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(n.plaintextPort));
  auto rk = makeClient(bs);
  char err[512];

  const bool explicitReplicas = !spec.replicaAssignment.empty();
  RdPtr<rd_kafka_NewTopic_t> nt(rd_kafka_NewTopic_new(
      spec.name.c_str(), explicitReplicas ? static_cast<int>(spec.replicaAssignment.size()) : spec.partitions,
      explicitReplicas ? -1 : spec.replicationFactor, err, sizeof err));
  if (!nt) throw LocalKafkaError("createTopic " + spec.name + ": " + err);
  for (std::size_t p = 0; explicitReplicas && p < spec.replicaAssignment.size(); ++p) {
    auto replicas = spec.replicaAssignment[p];
    if (rd_kafka_NewTopic_set_replica_assignment(nt.get(), static_cast<int32_t>(p), replicas.data(), replicas.size(),
                                                 err, sizeof err) != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw LocalKafkaError("createTopic " + spec.name + ": " + err);
  }
  for (const auto& [k, v] : spec.configs)
    if (rd_kafka_NewTopic_set_config(nt.get(), k.c_str(), v.c_str()) != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw LocalKafkaError("createTopic " + spec.name + ": bad config " + k);

  RdPtr<rd_kafka_AdminOptions_t> opts(rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_request_timeout(opts.get(), static_cast<int>(timeout.count()), err, sizeof err);
  rd_kafka_AdminOptions_set_operation_timeout(opts.get(), static_cast<int>(timeout.count()), err, sizeof err);
  RdPtr<rd_kafka_queue_t> q(rd_kafka_queue_new(rk.get()));
  rd_kafka_NewTopic_t* topics[] = {nt.get()};
  rd_kafka_CreateTopics(rk.get(), topics, 1, opts.get(), q.get());
  auto ev = awaitAdminResult(q.get(), timeout + 5s, ("createTopic " + spec.name).c_str());
  const auto* res = rd_kafka_event_CreateTopics_result(ev.get());
  size_t cnt = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &cnt);
  for (size_t i = 0; i < cnt; ++i) {
    const auto e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* msg = rd_kafka_topic_result_error_string(results[i]);
      throw LocalKafkaError("createTopic " + spec.name + ": " + rd_kafka_err2name(e) + (msg ? std::string(" (") + msg + ")" : ""));
    }
  }

  // Every partition has a leader in metadata before we return, so a producer can start at once.
  const auto deadline = Clock::now() + timeout;
  std::string last;
  for (;;) {
    if (auto snap = fetchMetadata(rk.get(), 2s, &last)) {
      const TopicInfo t = findTopic(*snap, spec.name);
      const bool ready = t.error.empty() && !t.partitions.empty() &&
                         std::all_of(t.partitions.begin(), t.partitions.end(),
                                     [](const PartitionInfo& p) { return p.leader >= 0 && p.error.empty(); });
      if (ready) return;
      last = t.error.empty() ? "partitions without leader" : t.error;
    }
    if (Clock::now() >= deadline)
      throw LocalKafkaError("createTopic " + spec.name + ": created, but not ready in metadata in time (" + last + ")");
    std::this_thread::sleep_for(kPollInterval);
  }
}

void LocalKafka::addAcl(const std::string& principal, const std::string& name, const std::string& operation,
                        AclResource resource) {
  const rd_kafka_AclOperation_t op = aclOperation(operation);
  if (principal.find(':') == std::string::npos)
    throw LocalKafkaError("ACL principal '" + principal + "' needs a type, e.g. User:alice");
  const auto st = status();
  std::string bs;
  for (const auto& n : st.nodes)
    if (n.state == NodeState::Running) bs += (bs.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(n.saslPort));
  if (bs.empty()) throw LocalKafkaError("addAcl: no Kafka node is running (run up() first)");
  auto rk = makeClient(bs, saslClientConfig("admin"));

  rd_kafka_ResourceType_t type = RD_KAFKA_RESOURCE_TOPIC;
  std::string resourceName = name;
  if (resource == AclResource::Group) type = RD_KAFKA_RESOURCE_GROUP;
  if (resource == AclResource::Cluster) {
    type = RD_KAFKA_RESOURCE_BROKER;  // Kafka's CLUSTER resource type; its one name is "kafka-cluster"
    resourceName = "kafka-cluster";
  }
  char err[512];
  RdPtr<rd_kafka_AclBinding_t> binding(rd_kafka_AclBinding_new(type, resourceName.c_str(), RD_KAFKA_RESOURCE_PATTERN_LITERAL,
                                                               principal.c_str(), "*", op,
                                                               RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW, err, sizeof err));
  if (!binding) throw LocalKafkaError("addAcl: " + std::string(err));
  RdPtr<rd_kafka_AdminOptions_t> opts(rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATEACLS));
  rd_kafka_AdminOptions_set_request_timeout(opts.get(), 15000, err, sizeof err);
  RdPtr<rd_kafka_queue_t> q(rd_kafka_queue_new(rk.get()));
  rd_kafka_AclBinding_t* bindings[] = {binding.get()};
  rd_kafka_CreateAcls(rk.get(), bindings, 1, opts.get(), q.get());
  auto ev = awaitAdminResult(q.get(), 20s, "addAcl");
  size_t cnt = 0;
  const rd_kafka_acl_result_t** results = rd_kafka_CreateAcls_result_acls(rd_kafka_event_CreateAcls_result(ev.get()), &cnt);
  for (size_t i = 0; i < cnt; ++i)
    if (const rd_kafka_error_t* e = rd_kafka_acl_result_error(results[i]); e != nullptr && rd_kafka_error_code(e) != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw LocalKafkaError("addAcl " + principal + " " + operation + " " + resourceName + ": " + rd_kafka_error_name(e) +
                            " (" + rd_kafka_error_string(e) + ")");
}

}  // namespace acklab
