#include "cluster/LocalKafka.h"

#include "cluster/LocalKafkaInternal.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <thread>

namespace acklab {
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using detail::fetchMetadata;
using detail::findTopic;
using detail::kPollInterval;
using detail::makeClient;
using detail::RdPtr;

namespace {

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

// ---- metadata, SASL clients -------------------------------------------------------------------------
TopicInfo LocalKafka::describeTopic(const std::string& topic, std::chrono::milliseconds timeout) const {
  const auto st = status(topic, timeout);
  if (st.topic) return *st.topic;
  TopicInfo t;
  t.name = topic;
  t.error = st.metadataError.empty() ? "no metadata" : st.metadataError;
  return t;
}

std::map<std::string, std::string> LocalKafka::saslClientConfig(const std::string& user) {
  return {{"security.protocol", "SASL_PLAINTEXT"},
          {"sasl.mechanisms", "PLAIN"},
          {"sasl.username", user},
          {"sasl.password", user + "-secret"}};
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

  // Every partition has a leader in the metadata of EVERY running node before we return, so a producer or a
  // describeTopic() that asks any node sees the topic at once (brokers learn new topics a moment apart).
  const auto deadline = Clock::now() + timeout;
  std::string last;
  std::vector<RdPtr<rd_kafka_t>> perNode;
  for (const auto& n : status().nodes)
    if (n.state == NodeState::Running) perNode.push_back(makeClient("127.0.0.1:" + std::to_string(n.plaintextPort)));
  if (perNode.empty()) perNode.push_back(std::move(rk));
  for (;;) {
    bool ready = true;
    for (auto& client : perNode) {
      auto snap = fetchMetadata(client.get(), 2s, &last);
      if (!snap) {
        ready = false;
        break;
      }
      const TopicInfo t = findTopic(*snap, spec.name);
      ready = t.error.empty() && !t.partitions.empty() &&
              std::all_of(t.partitions.begin(), t.partitions.end(),
                          [](const PartitionInfo& p) { return p.leader >= 0 && p.error.empty(); });
      if (!ready) {
        last = t.error.empty() ? "partitions without leader" : t.error;
        break;
      }
    }
    if (ready) return;
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
