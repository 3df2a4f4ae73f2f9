#include "cluster/LocalKafkaInternal.h"
#include "cluster/MetadataPartition.h"

#include "common/RdKafka.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace acklab::detail {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

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

std::string tail(const fs::path& p, int lines) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return {};
  const std::string text = readFile(p);
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (int n = 0; n < lines && pos != std::string::npos && pos > 0; ++n) pos = text.rfind('\n', pos - 1);
  return text.substr(pos == std::string::npos ? 0 : pos + (pos > 0 ? 1 : 0));
}

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

RdPtr<rd_kafka_t> makeClient(const std::string& bootstrap, const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all = {{"bootstrap.servers", bootstrap},
                                            {"client.id", "acklab-local-kafka"},
                                            {"socket.connection.setup.timeout.ms", "3000"},
                                            {"reconnect.backoff.max.ms", "1000"}};
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> problems;
  auto rk = createClient(RD_KAFKA_PRODUCER, KafkaProperties(all.begin(), all.end()),
                         [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
  if (!rk) throw LocalKafkaError("cannot create a librdkafka client: " + joinProblems(problems));
  return RdPtr<rd_kafka_t>(rk.release());
}

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
    for (int p = 0; p < mt.partition_cnt; ++p) ti.partitions.push_back(partitionInfo(mt.partitions[p]));
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

}  // namespace acklab::detail
