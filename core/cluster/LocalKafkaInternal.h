// Internal to LocalKafka*.cpp (not part of the core API): helpers shared by the LocalKafka source files.
//   LocalKafka.cpp        lifecycle, processes, faults, status
//   LocalKafkaConfig.cpp  cluster id, node configs, storage format, log4j config
//   LocalKafkaAdmin.cpp   Admin API (topics, ACLs), SASL client settings
//   LocalKafkaInternal.cpp  the helpers below
#pragma once

#include "cluster/LocalKafka.h"

#include <librdkafka/rdkafka.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace acklab::detail {

inline constexpr std::chrono::milliseconds kPollInterval{100};

// ---- files ------------------------------------------------------------------------------------------
std::string readFile(const std::filesystem::path& p);
// Writes a temporary file next to p, then renames it over p.
void writeFile(const std::filesystem::path& p, const std::string& text);
// The last `lines` lines of a log file, for error messages.
std::string tail(const std::filesystem::path& p, int lines = 15);

// ---- processes --------------------------------------------------------------------------------------
// posix_spawn with stdin from /dev/null, stdout+stderr appended to a log file, no other inherited
// descriptors (a ctest pipe held open by a broker would hang ctest), default signal dispositions (a JVM
// that inherits an ignored SIGTERM skips its shutdown hooks) and, for brokers, its own session.
pid_t spawnProcess(const std::vector<std::string>& args, const std::filesystem::path& logFile, bool newSession);
// Waits for a child with a bound; returns its exit status, or nullopt on timeout (the child is then killed).
std::optional<int> waitChild(pid_t pid, std::chrono::milliseconds bound);

// ---- librdkafka RAII --------------------------------------------------------------------------------
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
RdPtr<rd_kafka_t> makeClient(const std::string& bootstrap, const std::map<std::string, std::string>& extra = {});

// ---- cluster metadata -------------------------------------------------------------------------------
struct MetadataSnapshot {
  std::vector<int32_t> brokers;
  std::vector<TopicInfo> topics;
};

std::optional<MetadataSnapshot> fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout, std::string* error);
// The topic's entry, or one with error UNKNOWN_TOPIC_OR_PARTITION.
TopicInfo findTopic(const MetadataSnapshot& snap, const std::string& name);

}  // namespace acklab::detail
