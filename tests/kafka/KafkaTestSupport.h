// Shared by the real-Kafka tests (ctest -L kafka): the one cluster of this test process, bounded condition
// polls, the restore guard every fault test ends with, and readers for topics the tests check.
//
// The cluster: ACKLAB_KAFKA_BOOTSTRAP (and ACKLAB_KAFKA_SASL_BOOTSTRAP) when set, else LocalKafka::up() with
// the default state folder (a cluster already running there is reused). Process faults always go through
// LocalKafka on that state folder. Under ctest, the fixture tests kafka_cluster_up / kafka_cluster_down start the
// cluster once for the whole label and stop it at the end (only if they started it). Run by hand, this binary
// stops a cluster it started itself when it exits (ACKLAB_KAFKA_KEEP=1 keeps it).
// Without Java or the Kafka jars these tests FAIL with the command that fixes it: they never skip.
#pragma once

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "audit/Auditor.h"
#include "cluster/LocalKafka.h"
#include "cluster/LocalKafkaCluster.h"
#include "common/RdKafka.h"
#include "profile/Presets.h"
#include "traffic/RunSession.h"

namespace acklab::kafkatest {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

inline std::filesystem::path startedByTestsMarker(const LocalKafka& k) {
  return k.options().stateDir / ".started-by-tests";
}

struct TestCluster {
  LocalKafka kafka;
  std::string bootstrap;
  std::string saslBootstrap;
  std::string error;         // why there is no cluster
  bool startedHere = false;  // this process started it: stop it at exit
};

// One per process (inline: every test file of the binary shares it).
inline TestCluster& cluster() {
  static TestCluster r;
  [[maybe_unused]] static const bool initialised = [] {
    r.bootstrap = env("ACKLAB_KAFKA_BOOTSTRAP");
    r.saslBootstrap = env("ACKLAB_KAFKA_SASL_BOOTSTRAP");
    if (!r.bootstrap.empty()) {
      if (r.saslBootstrap.empty()) r.saslBootstrap = r.kafka.saslBootstrap();
      return true;
    }
    try {
      const auto up = r.kafka.up();
      r.bootstrap = up.bootstrap;
      r.saslBootstrap = up.saslBootstrap;
      r.startedHere = !up.alreadyRunning;
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return true;
  }();
  return r;
}

class StopClusterAtExit : public ::testing::Environment {
 public:
  void TearDown() override {
    // Only a cluster this process started, and not when the ctest fixture keeps it for the other tests.
    // (cluster() is not called here: a process that never needed the cluster must not start one.)
    if (started_ != nullptr && started_->startedHere && env("ACKLAB_KAFKA_KEEP") != "1") started_->kafka.down();
  }
  static inline TestCluster* started_ = nullptr;
};
inline ::testing::Environment* const kStopAtExit = ::testing::AddGlobalTestEnvironment(new StopClusterAtExit);

// Fails the test (never skips) when there is no cluster.
#define REQUIRE_CLUSTER()                                                              \
  ::acklab::kafkatest::TestCluster& c = ::acklab::kafkatest::cluster();                 \
  ::acklab::kafkatest::StopClusterAtExit::started_ = &c;                                \
  ASSERT_TRUE(c.error.empty()) << "no Kafka cluster for this test: " << c.error;

// Fault tests need the nodes as processes of the local state folder.
#define REQUIRE_LOCAL_PROCESSES()                                                                            \
  REQUIRE_CLUSTER();                                                                                        \
  ASSERT_EQ(c.kafka.status().running(), 3)                                                                  \
      << "process faults need the 3 LocalKafka nodes of " << c.kafka.options().stateDir                     \
      << " running (ACKLAB_KAFKA_BOOTSTRAP points elsewhere?)";

// A topic laid out by hand, in Kafka's --replica-assignment syntax ("1:2:3": one partition on nodes 1, 2, 3, the
// first the preferred leader; "1:2,2:3": two partitions) with topic configs (min.insync.replicas ...).
inline TopicSpec topicSpec(const std::string& name, const std::string& assignment,
                           std::map<std::string, std::string> configs = {}) {
  TopicSpec s;
  s.name = name;
  s.replicaAssignment = LocalKafka::parseReplicaAssignment(assignment);
  s.configs = std::move(configs);
  return s;
}

inline std::string uniqueTopic(const std::string& prefix) {
  return prefix + "-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1'000'000'000);
}

// Polls cond every 100 ms until it holds or the bound passes; returns whether it held.
inline bool waitFor(const std::function<bool()>& cond, std::chrono::milliseconds bound) {
  const auto deadline = Clock::now() + bound;
  for (;;) {
    if (cond()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
}

inline bool contains(const std::vector<int32_t>& v, int32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

inline std::string describe(const TopicInfo& t) {
  std::string s = t.name + (t.error.empty() ? "" : " error=" + t.error);
  for (const auto& p : t.partitions) {
    s += " [p" + std::to_string(p.partition) + " leader=" + std::to_string(p.leader) + " replicas=";
    for (auto i : p.replicas) s += std::to_string(i) + ",";
    s += " isr=";
    for (auto i : p.isr) s += std::to_string(i) + ",";
    s += "]";
  }
  return s;
}

// describeTopic that never throws (a node just killed or restarted can make one attempt fail).
inline TopicInfo describeQuietly(const LocalKafka& k, const std::string& topic,
                                 std::chrono::milliseconds timeout = 2000ms) {
  try {
    return k.describeTopic(topic, timeout);
  } catch (const std::exception& e) {
    TopicInfo t;
    t.name = topic;
    t.error = e.what();
    return t;
  }
}

// Every partition has a leader and its ISR holds every replica.
inline bool isrFull(const TopicInfo& t) {
  if (!t.error.empty() || t.partitions.empty()) return false;
  for (const auto& p : t.partitions)
    if (p.leader < 0 || p.isr.size() != p.replicas.size() || p.replicas.empty()) return false;
  return true;
}

// createTopic, then waits until every node's metadata shows every partition with a leader and a full ISR
// (createTopic waits for one node's view; the next describe may ask another that has not caught up).
inline TopicInfo createTopicAndWait(LocalKafka& k, const TopicSpec& spec, std::chrono::milliseconds bound = 30s) {
  k.createTopic(spec);
  TopicInfo t;
  int fullInARow = 0;
  waitFor([&] {
    t = describeQuietly(k, spec.name);
    fullInARow = isrFull(t) ? fullInARow + 1 : 0;
    return fullInARow >= 3;  // describeTopic may ask a different node each time
  }, bound);
  return t;
}

// Brings every node back (SIGCONT the stopped, restart the dead) and waits until each topic's ISR is full.
// Returns what is still wrong, empty when the cluster is healthy again.
inline std::string restoreCluster(LocalKafka& k, const std::vector<std::string>& topics,
                                  std::chrono::milliseconds bound = 180s) {
  std::string problems;
  try {
    for (const auto& n : k.status().nodes) {
      if (n.state == NodeState::Stopped) k.cont(n.id);
    }
    for (const auto& n : k.status().nodes) {
      if (n.state == NodeState::Dead) k.restart(n.id);
    }
  } catch (const std::exception& e) {
    problems += std::string("restoring nodes: ") + e.what() + "; ";
  }
  if (k.status().running() != k.options().nodes) problems += "not every node is running; ";
  for (const auto& topic : topics) {
    TopicInfo t;
    if (!waitFor([&] { return isrFull(t = describeQuietly(k, topic)); }, bound))
      problems += "ISR not full again: " + describe(t) + "; ";
  }
  return problems;
}

// The scope guard every fault test holds: whatever the asserts do, the next test finds a healthy cluster.
class RestoreOnExit {
 public:
  RestoreOnExit(LocalKafka& k, std::vector<std::string> topics) : k_(k), topics_(std::move(topics)) {}
  ~RestoreOnExit() {
    const std::string problems = restoreCluster(k_, topics_);
    if (!problems.empty()) ADD_FAILURE() << "cluster not restored: " << problems;
  }
  void add(const std::string& topic) { topics_.push_back(topic); }
  RestoreOnExit(const RestoreOnExit&) = delete;
  RestoreOnExit& operator=(const RestoreOnExit&) = delete;

 private:
  LocalKafka& k_;
  std::vector<std::string> topics_;
};

// Creates the topic unless it exists already (the shared DLQ topic outlives single tests).
inline void ensureTopic(LocalKafka& k, const TopicSpec& spec) {
  try {
    k.createTopic(spec);
  } catch (const LocalKafkaError& e) {
    if (std::string(e.what()).find("TOPIC_ALREADY_EXISTS") == std::string::npos) throw;
  }
}

// Reads a topic (every partition) from the beginning to its end; returns the JSON values whose "run_id" is
// runId (the DLQ envelopes of one run). Values that are not JSON are skipped.
inline std::vector<nlohmann::json> readDlqEnvelopes(const std::string& bootstrap, const std::string& topic,
                                                    const std::string& runId,
                                                    std::chrono::milliseconds bound = 20s) {
  std::vector<nlohmann::json> out;
  KafkaConf conf(rd_kafka_conf_new());
  confSet(conf.get(), "bootstrap.servers", bootstrap);
  confSet(conf.get(), "group.id", "acklab-kafka-test-dlq");
  confSet(conf.get(), "enable.partition.eof", "true");
  confSet(conf.get(), "enable.auto.commit", "false");
  confSet(conf.get(), "fetch.wait.max.ms", "50");
  char errstr[256];
  KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), errstr, sizeof errstr));
  if (!rk) {
    ADD_FAILURE() << "consumer: " << errstr;
    return out;
  }
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
  const auto merr = rd_kafka_metadata(rk.get(), 0, rkt, &md, 10'000);
  rd_kafka_topic_destroy(rkt);
  if (merr) {
    ADD_FAILURE() << "metadata of " << topic << ": " << rd_kafka_err2name(merr);
    return out;
  }
  KafkaMetadata owned(md);
  KafkaTopicPartitionList parts(rd_kafka_topic_partition_list_new(4));
  int partitions = 0;
  for (int t = 0; t < md->topic_cnt; ++t)
    for (int p = 0; p < md->topics[t].partition_cnt; ++p, ++partitions)
      rd_kafka_topic_partition_list_add(parts.get(), topic.c_str(), md->topics[t].partitions[p].id)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk.get(), parts.get());
  int atEnd = 0;
  const auto deadline = Clock::now() + bound;
  while (atEnd < partitions && Clock::now() < deadline) {
    KafkaMessage m(rd_kafka_consumer_poll(rk.get(), 200));
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++atEnd;
      continue;
    }
    if (m->err) continue;
    const auto j = nlohmann::json::parse(static_cast<const char*>(m->payload),
                                         static_cast<const char*>(m->payload) + m->len, nullptr, false);
    if (j.is_object() && j.value("run_id", std::string()) == runId) out.push_back(j);
  }
  EXPECT_EQ(atEnd, partitions) << "did not read " << topic << " to its end within the bound";
  rd_kafka_consumer_close(rk.get());
  return out;
}

// ---- runs through AckLab's producer core ------------------------------------------------------------

inline ProducerProfile preset(const std::string& name, const std::vector<std::pair<std::string, std::string>>& overrides) {
  auto p = findPreset(name);
  if (!p) throw std::runtime_error("no preset " + name);
  for (const auto& [k, v] : overrides) p->set(k, v);
  return *p;
}

inline TrafficSpec traffic(const std::string& topic, int64_t messages, double rate, int64_t valueSize = 100) {
  TrafficSpec t;
  t.topic = topic;
  t.partitions = 1;
  t.messages = messages;
  t.rate = rate;
  t.valueSize = valueSize;
  return t;
}

inline std::string testDlqFile(const std::string& name) {
  return ::testing::TempDir() + "acklab-kafka-" + name + "-" + std::to_string(::getpid()) + ".jsonl";
}

struct RunOutcome {
  RunResult result;
  std::vector<FiredFault> faults;
  AuditResult audit;
};

// One RunSession on the local cluster (RunSpec{cluster = Local}), waited for within `bound`; with audit, the
// topic is read back afterwards over PLAINTEXT.
inline RunOutcome runOnLocal(LocalKafkaCluster& local, const ProducerProfile& profile, const TrafficSpec& t,
                             const std::vector<std::string>& faults, bool audit, const std::string& dlqTopic,
                             const std::string& dlqFile, std::chrono::milliseconds bound = 180s) {
  RunSpec spec;
  spec.cluster.kind = ClusterChoice::Kind::Local;
  spec.profiles.push_back(profile);
  spec.traffic = t;
  for (const auto& f : faults) spec.faults.push_back(FaultSpec::parse(f));
  spec.dlqTopic = dlqTopic;
  spec.dlqFile = dlqFile;
  spec.audit = audit;
  RunSession session(std::move(spec), &local);
  session.start();
  RunOutcome out;
  if (!session.run(0).wait(bound)) {
    ADD_FAILURE() << "run still going after " << bound.count() << " ms: stopping it";
    session.requestStop();
  }
  session.wait();
  out.result = session.run(0).result();
  out.faults = session.faults(0);
  if (audit) {
    AuditOptions ao;
    ao.bootstrap = local.bootstrapServers();
    ao.topic = t.topic;
    ao.runId = out.result.runId;
    ao.timeoutMs = 60'000;
    out.audit = auditRun(ao, out.result.outcomes);
  }
  return out;
}

// A ProducerRun driven directly (no topic preparation: a missing topic stays missing), waited for within bound.
inline RunResult runDirect(RunOptions o, std::chrono::milliseconds bound = 120s) {
  ProducerRun run(std::move(o));
  run.start();
  if (!run.wait(bound)) {
    ADD_FAILURE() << "run still going after " << bound.count() << " ms: stopping it";
    run.requestStop();
    run.wait();
  }
  return run.result();
}

inline const ErrorCount* findError(const RunResult& r, const std::string& name) {
  for (const auto& e : r.errors)
    if (e.name == name) return &e;
  return nullptr;
}

inline const RunEvent* findEvent(const RunResult& r, const std::string& name) {
  for (const auto& e : r.events)
    if (e.name == name) return &e;
  return nullptr;
}

// What a user sees of a run, for failure messages and the test log.
inline std::string summary(const RunResult& r) {
  std::string s = "run " + r.runId + ": sent=" + std::to_string(r.counters.sent) +
                  " delivered=" + std::to_string(r.counters.delivered) + " failed=" + std::to_string(r.counters.failed) +
                  " in_flight_at_end=" + std::to_string(r.inFlightAtEnd) + " dlq_topic=" +
                  std::to_string(r.counters.dlqTopic) + " dlq_file=" + std::to_string(r.counters.dlqFile) +
                  " possibly_persisted=" + std::to_string(r.counters.possiblyPersisted);
  if (!r.error.empty()) s += " error=" + r.error;
  if (r.fatal) s += " FATAL " + r.fatalError;
  for (const auto& e : r.errors) s += "\n  error " + e.name + " (" + e.errorClass + ") x" + std::to_string(e.count);
  for (const auto& [k, v] : r.retriedRequests) s += "\n  retried request " + k + " x" + std::to_string(v);
  for (const auto& e : r.events) s += "\n  event @" + std::to_string(e.tMs) + "ms " + e.name + ": " + e.message;
  return s;
}

inline std::string summary(const AuditResult& a) {
  return "audit ok=" + std::string(a.ok ? "yes" : "no") + (a.error.empty() ? "" : " (" + a.error + ")") +
         " checked=" + std::to_string(a.checked) + " read=" + std::to_string(a.read) + " lost=" + std::to_string(a.lost) +
         " duplicated=" + std::to_string(a.duplicated) + " reordered=" + std::to_string(a.reordered) +
         " present_not_acked=" + std::to_string(a.presentNotAcked) + " not_acked_absent=" + std::to_string(a.notAckedAbsent);
}

inline void expectAccounting(const RunResult& r) {
  EXPECT_EQ(r.counters.sent, r.counters.delivered + r.counters.failed + r.inFlightAtEnd)
      << "sent == delivered + failed + in_flight_at_end";
}

inline int32_t leaderOf(const LocalKafka& k, const std::string& topic) {
  const TopicInfo t = describeQuietly(k, topic, 5000ms);
  return t.partitions.empty() ? -1 : t.partitions.front().leader;
}

}  // namespace acklab::kafkatest
