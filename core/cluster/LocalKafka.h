// LocalKafka: a real Apache Kafka 4.x cluster (KRaft, combined broker+controller nodes) as child processes
// on 127.0.0.1, assembled from the Maven Central jars that scripts/fetch-kafka.sh puts in one folder.
// Process faults are real signals: kill (SIGKILL), stop (SIGSTOP), cont (SIGCONT), restart.
//
// Everything lives in one state folder (default $ACKLAB_STATE_DIR or $HOME/.cache/acklab/local-kafka):
//   cluster.id, log4j2.properties, nodeN.pid, nodeN/server.properties, nodeN/data/, nodeN/logs/{server,stdout}.log
// PID files let a later process (another acklab-cli invocation) see, fault and stop the same cluster.
//
// Ports (all bound to 127.0.0.1), node i = 1..nodes, P = basePort + 10*(i-1):
//   P     PLAINTEXT      (clients, inter-broker; principal ANONYMOUS, a super user)
//   P+1   SASL_PLAINTEXT (PLAIN users admin/admin-secret, alice/alice-secret, bob/bob-secret, carol/carol-secret;
//                         ACLs apply; nothing in AckLab or its tests ever grants carol an ACL)
//   P+2   CONTROLLER     (KRaft quorum, static controller.quorum.voters)
// Verified facts and timings: docs/real-kafka.md.
#pragma once

#include "cluster/Cluster.h"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

// Keep in step with <kafka.version> in kafka/pom.xml (scripts/fetch-kafka.sh reads it from there).
inline constexpr const char* kLocalKafkaVersion = "4.1.1";

// Every failure LocalKafka reports: the message names what is missing or wrong and, where there is one,
// the command that fixes it.
class LocalKafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LocalKafkaOptions {
  std::filesystem::path stateDir;     // empty: $ACKLAB_STATE_DIR, else $HOME/.cache/acklab/local-kafka
  std::filesystem::path kafkaLibs;    // empty: $ACKLAB_KAFKA_LIBS, else ${ACKLAB_KAFKA_HOME:-$HOME/.cache/acklab/kafka-<v>}/libs
  std::filesystem::path log4jConfig;  // empty: <kafkaLibs>/../log4j2.properties, else a built-in copy
  std::string java;                   // empty: $JAVA_HOME/bin/java, else `java` on PATH
  int basePort = 0;                   // 0: $ACKLAB_KAFKA_BASE_PORT, else 19092; leaves 10*nodes ports below 32768
  int nodes = 3;
  std::string maxHeap = "512m";
  std::chrono::milliseconds startTimeout{120'000};  // whole cluster, or one node on restart()
  std::chrono::milliseconds stopTimeout{15'000};    // SIGTERM -> SIGKILL
};

enum class NodeState { Running, Stopped /* SIGSTOP */, Dead };
const char* toString(NodeState state);

struct LocalKafkaNode {
  int id = 0;
  pid_t pid = 0;  // 0: no pid file
  NodeState state = NodeState::Dead;
  int plaintextPort = 0;
  int saslPort = 0;
  int controllerPort = 0;
};

struct TopicInfo {
  std::string name;
  std::string error;  // empty when the topic exists and has no error
  std::vector<PartitionInfo> partitions;
};

struct LocalKafkaStatus {
  std::vector<LocalKafkaNode> nodes;
  std::vector<int32_t> brokers;  // broker ids in cluster metadata (KRaft lists only unfenced brokers)
  std::string metadataError;     // why there is no metadata, if there is none
  std::optional<TopicInfo> topic;
  std::string bootstrap;
  std::string saslBootstrap;
  int running() const;  // nodes in state Running
};

struct LocalKafkaUp {
  std::string bootstrap;      // "127.0.0.1:19092,127.0.0.1:19102,127.0.0.1:19112"
  std::string saslBootstrap;  // "127.0.0.1:19093,..."
  std::string clusterId;
  bool alreadyRunning = false;  // every node was running before up(): nothing started
  std::vector<int> started;     // node ids this call started
  std::chrono::milliseconds took{0};
};

struct TopicSpec {
  std::string name;
  int partitions = 1;
  int replicationFactor = -1;  // -1: the broker's default.replication.factor (3)
  // Explicit replicas per partition (overrides partitions and replicationFactor); see parseReplicaAssignment.
  std::vector<std::vector<int32_t>> replicaAssignment;
  std::map<std::string, std::string> configs;  // e.g. {"max.message.bytes", "1024"}
};

enum class AclResource { Topic, Group, Cluster };

class LocalKafka {
 public:
  explicit LocalKafka(LocalKafkaOptions options = {});
  // Does not stop the cluster: the processes outlive this object (and this process) until down().
  ~LocalKafka() = default;
  LocalKafka(const LocalKafka&) = delete;
  LocalKafka& operator=(const LocalKafka&) = delete;

  // Writes node configs, formats storage once (cluster id kept in the state folder), starts the nodes
  // that are not running and waits until every node logged "Kafka Server started" and cluster metadata
  // lists all brokers. Throws LocalKafkaError on missing java/jars, a node that exits, or the time bound.
  LocalKafkaUp up();
  // SIGTERM to every node (SIGCONT first for stopped ones), SIGKILL after stopTimeout; removes pid files.
  // Returns the node ids that were running.
  std::vector<int> down();
  // Per-node process state; broker list and, when topic is given, its partitions' leader/replicas/ISR
  // from cluster metadata (asked of running nodes only, so a SIGSTOPped node cannot stall it).
  LocalKafkaStatus status(const std::string& topic = {},
                          std::chrono::milliseconds metadataTimeout = std::chrono::milliseconds{5000}) const;
  TopicInfo describeTopic(const std::string& topic,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds{5000}) const;

  // Faults. node is 1..nodes. kill/stop/cont throw if the node is not running (or not stopped for cont).
  void kill(int node);
  void stop(int node);
  void cont(int node);
  // Starts a dead node again (same config and data) and waits until it serves. Throws if it is alive.
  void restart(int node);

  // Admin API over the PLAINTEXT listener (ANONYMOUS is a super user). Waits until every partition has a
  // leader in metadata. Throws with the broker's error (e.g. TOPIC_ALREADY_EXISTS).
  void createTopic(const TopicSpec& spec, std::chrono::milliseconds timeout = std::chrono::milliseconds{30000});
  void createTopic(const std::string& name, int partitions, int replicationFactor,
                   const std::map<std::string, std::string>& configs = {});
  // Kafka's --replica-assignment syntax: partitions separated by ',', broker ids by ':' ("2:3", "1:2,2:3").
  static std::vector<std::vector<int32_t>> parseReplicaAssignment(const std::string& text);
  // ALLOW ACL for principal ("User:alice") on a resource, host "*", created as the SASL admin user.
  // operation: Kafka's names, case-insensitive (Read, Write, Describe, Create, Delete, Alter, DescribeConfigs,
  // AlterConfigs, IdempotentWrite, ClusterAction, All). A Cluster resource ignores name.
  void addAcl(const std::string& principal, const std::string& name, const std::string& operation,
              AclResource resource = AclResource::Topic);

  // True when the java binary runs (`java -version` exits 0).
  static bool javaAvailable(const std::string& java = {});

  std::string bootstrap() const;
  std::string saslBootstrap() const;
  const LocalKafkaOptions& options() const { return options_; }
  std::filesystem::path nodeDir(int node) const;
  int plaintextPort(int node) const { return options_.basePort + 10 * (node - 1); }
  int saslPort(int node) const { return plaintextPort(node) + 1; }
  int controllerPort(int node) const { return plaintextPort(node) + 2; }
  // librdkafka settings for the SASL listener as `user` (password "<user>-secret").
  static std::map<std::string, std::string> saslClientConfig(const std::string& user);

 private:
  void checkNode(int node) const;
  void requireInstall() const;
  std::string ensureClusterId();
  void writeConfigs() const;
  void formatStorage(const std::string& clusterId) const;
  std::filesystem::path log4jConfigPath() const;
  pid_t spawnNode(int node) const;
  void waitStarted(const std::map<int, std::uintmax_t>& logOffsets, std::chrono::steady_clock::time_point deadline) const;
  void waitBrokersInMetadata(const std::vector<int>& nodes, std::chrono::steady_clock::time_point deadline) const;
  pid_t readPid(int node) const;
  NodeState nodeState(int node, pid_t pid) const;
  pid_t requireAlive(int node) const;
  void killSpawned(int node, pid_t pid) const;

  LocalKafkaOptions options_;
};

}  // namespace acklab
