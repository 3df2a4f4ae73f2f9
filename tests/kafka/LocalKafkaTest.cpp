// Tests against a real 3-node Apache Kafka cluster on 127.0.0.1 (core/cluster/LocalKafka): install checks,
// status, topics, ISR under SIGSTOP, ACLs. How the cluster is found and stopped: KafkaTestSupport.h.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "KafkaTestSupport.h"
#include "cluster/LocalKafka.h"

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;

// ---- producing with librdkafka ----------------------------------------------------------------------
struct ProduceOutcome {
  int delivered = 0;
  int failed = 0;
  rd_kafka_resp_err_t firstError = RD_KAFKA_RESP_ERR_NO_ERROR;
};

ProduceOutcome produce(const std::string& bootstrap, const std::string& topic, int count,
                       const std::map<std::string, std::string>& extra) {
  struct Deleter {
    void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
    void operator()(rd_kafka_conf_t* p) const { rd_kafka_conf_destroy(p); }
  };
  ProduceOutcome out;
  std::unique_ptr<rd_kafka_conf_t, Deleter> conf(rd_kafka_conf_new());
  char err[512];
  std::map<std::string, std::string> props = {{"bootstrap.servers", bootstrap},
                                              {"acks", "all"},
                                              {"linger.ms", "5"},
                                              {"message.timeout.ms", "20000"}};
  for (const auto& [k, v] : extra) props[k] = v;
  for (const auto& [k, v] : props)
    EXPECT_EQ(rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err), RD_KAFKA_CONF_OK) << k << ": " << err;
  rd_kafka_conf_set_opaque(conf.get(), &out);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* o = static_cast<ProduceOutcome*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++o->delivered;
    } else {
      if (o->failed++ == 0) o->firstError = m->err;
    }
  });
  std::unique_ptr<rd_kafka_t, Deleter> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
  if (!rk) {
    ADD_FAILURE() << "rd_kafka_new: " << err;
    return out;
  }
  conf.release();
  for (int i = 0; i < count; ++i) {
    const std::string value = "acklab-" + std::to_string(i);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
    const auto e = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                                     RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                     RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    EXPECT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2name(e);
    rd_kafka_poll(rk.get(), 0);
  }
  EXPECT_EQ(rd_kafka_flush(rk.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR) << "messages still in flight after 30 s";
  return out;
}

// ---- tests ------------------------------------------------------------------------------------------

TEST(LocalKafkaInstall, MissingJarsIsAClearError) {
  LocalKafkaOptions o;
  o.stateDir = std::filesystem::temp_directory_path() / ("acklab-nojars-" + std::to_string(::getpid()));
  o.kafkaLibs = "/nonexistent/acklab/libs";
  LocalKafka k(o);
  try {
    k.up();
    FAIL() << "up() without jars did not throw";
  } catch (const LocalKafkaError& e) {
    const std::string what = e.what();
    // With Java missing the message names Java instead; both name the fixing command.
    EXPECT_NE(what.find("scripts/setup.sh --kafka"), std::string::npos) << what;
    if (LocalKafka::javaAvailable()) {
      EXPECT_NE(what.find("/nonexistent/acklab/libs"), std::string::npos) << what;
    }
  }
  std::filesystem::remove_all(o.stateDir);
}

TEST(LocalKafkaInstall, JavaIsAvailable) {
  EXPECT_TRUE(LocalKafka::javaAvailable()) << "Java 17 is needed for the kafka tests: run scripts/setup.sh --kafka";
}

TEST(LocalKafkaAdmin, ParsesReplicaAssignment) {
  EXPECT_EQ(LocalKafka::parseReplicaAssignment("2:3"), (std::vector<std::vector<int32_t>>{{2, 3}}));
  EXPECT_EQ(LocalKafka::parseReplicaAssignment("1:2,2:3"), (std::vector<std::vector<int32_t>>{{1, 2}, {2, 3}}));
  EXPECT_THROW(LocalKafka::parseReplicaAssignment("2:x"), LocalKafkaError);
  EXPECT_THROW(LocalKafka::parseReplicaAssignment("2:2"), LocalKafkaError);
  EXPECT_THROW(LocalKafka::parseReplicaAssignment("1:2,3"), LocalKafkaError);
  EXPECT_THROW(LocalKafka::parseReplicaAssignment(""), LocalKafkaError);
}

TEST(LocalKafkaCluster, StatusShowsThreeRunningNodes) {
  REQUIRE_LOCAL_PROCESSES();
  const auto st = c.kafka.status();
  ASSERT_EQ(st.nodes.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& n = st.nodes[static_cast<std::size_t>(i)];
    EXPECT_EQ(n.id, i + 1);
    EXPECT_GT(n.pid, 0);
    EXPECT_EQ(n.state, NodeState::Running);
    EXPECT_EQ(n.plaintextPort, 19092 + 10 * i);
    EXPECT_EQ(n.saslPort, 19093 + 10 * i);
    EXPECT_EQ(n.controllerPort, 19094 + 10 * i);
  }
  EXPECT_EQ(st.brokers, (std::vector<int32_t>{1, 2, 3})) << st.metadataError;
}

TEST(LocalKafkaCluster, CreateTopicRf3ShowsLeadersAndIsr) {
  REQUIRE_LOCAL_PROCESSES();
  const std::string topic = uniqueTopic("rf3");
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 3, 3));
  const TopicInfo t = c.kafka.describeTopic(topic);
  ASSERT_TRUE(t.error.empty()) << t.error;
  ASSERT_EQ(t.partitions.size(), 3u);
  for (const auto& p : t.partitions) {
    EXPECT_TRUE(p.error.empty()) << p.error;
    EXPECT_TRUE(p.leader >= 1 && p.leader <= 3) << "partition " << p.partition << " leader " << p.leader;
    EXPECT_EQ(p.replicas.size(), 3u);
    EXPECT_EQ(p.isr.size(), 3u) << describe(t);
    EXPECT_TRUE(contains(p.isr, p.leader));
  }
  try {
    c.kafka.createTopic(topic, 3, 3);
    ADD_FAILURE() << "creating " << topic << " twice did not throw";
  } catch (const LocalKafkaError& e) {
    EXPECT_NE(std::string(e.what()).find("TOPIC_ALREADY_EXISTS"), std::string::npos) << e.what();
  }
}

TEST(LocalKafkaCluster, CreateTopicWithReplicaAssignmentAndConfig) {
  REQUIRE_LOCAL_PROCESSES();
  TopicSpec spec;
  spec.name = uniqueTopic("two-replicas");
  spec.replicaAssignment = LocalKafka::parseReplicaAssignment("2:3");
  spec.configs = {{"max.message.bytes", "1024"}};
  ASSERT_NO_THROW(c.kafka.createTopic(spec));
  const TopicInfo t = c.kafka.describeTopic(spec.name);
  ASSERT_EQ(t.partitions.size(), 1u) << describe(t);
  EXPECT_EQ(t.partitions[0].replicas, (std::vector<int32_t>{2, 3}));
  EXPECT_TRUE(t.partitions[0].leader == 2 || t.partitions[0].leader == 3);

  // The broker enforces the topic's max.message.bytes: a 2 KB incompressible record is refused.
  std::string big(2048, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  struct Deleter {
    void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  };
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", c.bootstrap.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "compression.codec", "none", err, sizeof err);
  rd_kafka_conf_set(conf, "message.timeout.ms", "15000", err, sizeof err);
  static std::atomic<int> lastErr{-1};
  lastErr = -1;
  rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void*) { lastErr = m->err; });
  std::unique_ptr<rd_kafka_t, Deleter> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
  ASSERT_TRUE(rk) << err;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
  ASSERT_EQ(rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(spec.name.c_str()), RD_KAFKA_V_VALUE(big.data(), big.size()),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
            RD_KAFKA_RESP_ERR_NO_ERROR);
#pragma GCC diagnostic pop
  rd_kafka_flush(rk.get(), 20000);
  EXPECT_EQ(lastErr.load(), RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
      << rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(lastErr.load()));
}

TEST(LocalKafkaCluster, StopAndContChangesAndRestoresIsr) {
  REQUIRE_LOCAL_PROCESSES();
  const std::string topic = uniqueTopic("isr");
  TopicSpec spec;
  spec.name = topic;
  spec.replicaAssignment = LocalKafka::parseReplicaAssignment("1:2:3");
  ASSERT_NO_THROW(c.kafka.createTopic(spec));
  TopicInfo t = c.kafka.describeTopic(topic);
  ASSERT_EQ(t.partitions.size(), 1u) << describe(t);
  // Stop a follower: the leader stays, the ISR loses the stopped node once it is fenced (~3 s session).
  const int32_t leader = t.partitions[0].leader;
  const int victim = leader == 3 ? 2 : 3;

  c.kafka.stop(victim);
  struct ContOnExit {  // never leave a SIGSTOPped node behind, whatever the asserts below do
    LocalKafka& k;
    int node;
    ~ContOnExit() {
      try {
        if (k.status().nodes[static_cast<std::size_t>(node - 1)].state == NodeState::Stopped) k.cont(node);
      } catch (...) {
      }
    }
  } contOnExit{c.kafka, victim};
  EXPECT_EQ(c.kafka.status().nodes[static_cast<std::size_t>(victim - 1)].state, NodeState::Stopped);

  const bool shrank = waitFor(
      [&] {
        t = c.kafka.describeTopic(topic, 2s);
        return t.partitions.size() == 1 && !t.partitions[0].isr.empty() && !contains(t.partitions[0].isr, victim);
      },
      30s);
  ASSERT_TRUE(shrank) << "ISR still holds stopped node " << victim << ": " << describe(t);
  EXPECT_EQ(t.partitions[0].isr.size(), 2u) << describe(t);
  // Two of three in ISR = min.insync.replicas: acks=all still succeeds.
  const auto ok = produce(c.bootstrap, topic, 10, {});
  EXPECT_EQ(ok.delivered, 10) << "first error " << rd_kafka_err2name(ok.firstError);

  c.kafka.cont(victim);
  EXPECT_EQ(c.kafka.status().nodes[static_cast<std::size_t>(victim - 1)].state, NodeState::Running);
  const bool restored = waitFor(
      [&] {
        t = c.kafka.describeTopic(topic, 2s);
        return t.partitions.size() == 1 && t.partitions[0].isr.size() == 3;
      },
      60s);
  EXPECT_TRUE(restored) << "ISR not restored after SIGCONT of node " << victim << ": " << describe(t);
}

TEST(LocalKafkaCluster, ProduceWithAcksAllSucceeds) {
  REQUIRE_CLUSTER();
  const std::string topic = uniqueTopic("acks-all");
  ASSERT_NO_THROW(c.kafka.createTopic(topic, 3, 3));
  const auto out = produce(c.bootstrap, topic, 500, {{"acks", "all"}, {"enable.idempotence", "true"}});
  EXPECT_EQ(out.delivered, 500);
  EXPECT_EQ(out.failed, 0) << "first error " << rd_kafka_err2name(out.firstError);
}

TEST(LocalKafkaCluster, SaslUserNeedsAnAcl) {
  REQUIRE_CLUSTER();
  const std::string allowed = uniqueTopic("alice-ok");
  const std::string denied = allowed + "-denied";
  ASSERT_NO_THROW(c.kafka.createTopic(allowed, 1, 3));
  ASSERT_NO_THROW(c.kafka.createTopic(denied, 1, 3));
  ASSERT_NO_THROW(c.kafka.addAcl("User:alice", allowed, "Write"));
  ASSERT_NO_THROW(c.kafka.addAcl("User:alice", allowed, "Describe"));
  auto alice = LocalKafka::saslClientConfig("alice");
  alice["message.timeout.ms"] = "10000";

  const auto no = produce(c.saslBootstrap, denied, 1, alice);
  EXPECT_EQ(no.delivered, 0);
  EXPECT_EQ(no.firstError, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) << rd_kafka_err2name(no.firstError);

  // ACLs reach every broker through the metadata log; allow a moment for that.
  ProduceOutcome yes;
  const bool delivered = waitFor(
      [&] {
        yes = produce(c.saslBootstrap, allowed, 1, alice);
        return yes.delivered == 1;
      },
      20s);
  EXPECT_TRUE(delivered) << "alice could not write " << allowed << ": " << rd_kafka_err2name(yes.firstError);
}

}  // namespace
}  // namespace acklab
