#include "cluster/LocalKafka.h"

#include "cluster/LocalKafkaInternal.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <sstream>

namespace acklab {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using detail::readFile;
using detail::spawnProcess;
using detail::tail;
using detail::waitChild;
using detail::writeFile;

namespace {

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

}  // namespace

// ---- log4j config -----------------------------------------------------------------------------------
fs::path LocalKafka::log4jConfigPath() const {
  if (!options_.log4jConfig.empty()) return options_.log4jConfig;
  fs::path fetched = options_.kafkaLibs.parent_path() / "log4j2.properties";
  std::error_code ec;
  if (fs::exists(fetched, ec)) return fetched;
  fs::path builtin = options_.stateDir / "log4j2.properties";
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
  std::string id = randomKafkaUuid();
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
    o << "# Written by AckLab (core/cluster/LocalKafkaConfig.cpp) on every start; edits are overwritten.\n"
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
         " user_alice=\"alice-secret\" user_bob=\"bob-secret\" user_carol=\"carol-secret\";\n"
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

}  // namespace acklab
