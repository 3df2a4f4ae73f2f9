// Exported producers (core/export, docs/export.md) run against Local Kafka: Python with Debian's
// python3-confluent-kafka, Java compiled with javac against the kafka-clients jars AckLab fetched. Their DLQ
// records are read back by `acklab-cli dlq list`.
#include "KafkaTestSupport.h"

#include "../core/ExportTestSupport.h"
#include "common/RdKafka.h"

#include <csignal>
#include <fstream>
#include <set>

namespace acklab::kafkatest {
namespace {

namespace fs = std::filesystem;
using test::CliRun;

struct Topics {
  std::string data;  // max.message.bytes=1024: a 2000-byte value fails with MSG_SIZE_TOO_LARGE on the broker
  std::string dlq;
};

Topics makeTopics(LocalKafka& k, const std::string& prefix) {
  Topics t{uniqueTopic(prefix), uniqueTopic(prefix + "-dlq")};
  createTopicAndWait(k, topicSpec(t.data, "1:2:3", {{"max.message.bytes", "1024"}}));
  createTopicAndWait(k, topicSpec(t.dlq, "1:2:3"));
  return t;
}

fs::path exportTo(const fs::path& dir, const std::string& lang, const Topics& t,
                  const std::vector<std::string>& extraSettings = {}) {
  // compression off: a padded value would otherwise compress below the topic's 1024 bytes. batch.size 900: the
  // topic's limit applies to a whole batch, and the first batch, held back while the producer connects, would
  // otherwise carry many small records over it (seen: all 100 small records refused in one batch).
  std::vector<std::string> args = {"export", "--lang", lang, "--profile", "production", "-X", "compression.type=none",
                                   "-X", "batch.size=900", "--topic", t.data, "--dlq-topic", t.dlq, "-o", dir.string() + "/"};
  for (const auto& kv : extraSettings) args.insert(args.end(), {"-X", kv});
  const CliRun r = test::runCli(args);
  EXPECT_EQ(r.status, 0) << r.out;
  return dir / (lang == "java" ? "AckLabProducer.java" : "acklab_producer.py");
}

// Runs one exported program twice: 100 small records (all delivered), then 20 records of 2000 bytes (all
// refused by the broker: permanent, dead-lettered); checks the counters and the DLQ records read back.
void expectDeliveredThenDeadLettered(const std::vector<std::string>& program, const std::string& bootstrap,
                                     const Topics& t, const fs::path& dir, const std::string& runPrefix) {
  const std::string dlqFile = (dir / "fallback.jsonl").string();
  auto run = [&](const std::string& runId, const std::string& count, const std::string& size) {
    std::vector<std::string> args = program;
    args.insert(args.end(), {"--bootstrap", bootstrap, "--count", count, "--size", size, "--rate", "200", "--run-id", runId,
                             "--dlq-file", dlqFile});
    const CliRun r = test::runProgram(args, dir / (runId + ".err"));
    return std::make_pair(r, test::readFile(dir / (runId + ".err")));
  };

  auto [ok, okLog] = run(runPrefix + "-small", "100", "100");
  ASSERT_EQ(ok.status, 0) << ok.out << okLog;
  auto sum = test::summaryOf(ok.out);
  EXPECT_EQ(sum["sent"], 100) << ok.out;
  EXPECT_EQ(sum["delivered"], 100) << ok.out;
  EXPECT_EQ(sum["failed"], 0) << ok.out;

  auto [big, bigLog] = run(runPrefix + "-big", "20", "2000");
  ASSERT_EQ(big.status, 0) << big.out << bigLog;
  sum = test::summaryOf(big.out);
  EXPECT_EQ(sum["sent"], 20) << big.out;
  EXPECT_EQ(sum["delivered"], 0) << big.out;
  EXPECT_EQ(sum["failed"], 20) << big.out;
  EXPECT_EQ(sum["permanent"], 20) << big.out;
  EXPECT_EQ(sum["dlq_written"], 20) << big.out << bigLog;
  EXPECT_EQ(sum["dlq_file"], 0) << big.out;
  EXPECT_EQ(sum["errors"]["MSG_SIZE_TOO_LARGE"], 20) << big.out;
  EXPECT_NE(bigLog.find("error=MSG_SIZE_TOO_LARGE(10) class=permanent attempt=1/1"), std::string::npos) << bigLog;

  std::vector<nlohmann::json> mine;
  for (const auto& r : test::dlqList(bootstrap, t.dlq))
    if (r.value("run_id", "") == runPrefix + "-big") mine.push_back(r);
  ASSERT_EQ(mine.size(), 20u);
  std::set<std::string> keys;
  for (const auto& r : mine) {
    EXPECT_EQ(r["format"], "acklab");
    EXPECT_TRUE(r["parse_error"].is_null()) << r.dump();
    EXPECT_EQ(r["original_topic"], t.data);
    EXPECT_EQ(r["error_code"], 10);
    EXPECT_EQ(r["error_name"], "MSG_SIZE_TOO_LARGE");
    EXPECT_EQ(r["error_class"], "permanent");
    EXPECT_EQ(r["profile"], "production");
    EXPECT_EQ(r["original_value"].get<std::string>().size(), 2000u);
    EXPECT_EQ(r["original_headers"][0]["key"], "acklab.export.run_id");
    keys.insert(r["original_key"].get<std::string>());
  }
  EXPECT_EQ(keys.size(), 20u) << "each refused record once";
  EXPECT_TRUE(keys.count("key-0") && keys.count("key-19"));
}

TEST(ExportKafka, PythonExportDeliversAndDeadLettersOnLocalKafka) {
  REQUIRE_CLUSTER();
  const Topics t = makeTopics(c.kafka, "export-py");
  const auto dir = test::freshDir("export-kafka-py");
  const auto program = exportTo(dir, "python", t);
  expectDeliveredThenDeadLettered({test::pythonForExports(), program.string()}, c.bootstrap, t, dir, "kafka-py");
}

TEST(ExportKafka, JavaExportCompilesDeliversAndDeadLettersOnLocalKafka) {
  REQUIRE_CLUSTER();
  const Topics t = makeTopics(c.kafka, "export-java");
  const auto dir = test::freshDir("export-kafka-java");
  const auto source = exportTo(dir, "java", t);
  const std::string classpath = (c.kafka.options().kafkaLibs / "*").string();
  const CliRun javac = test::runProgram({"javac", "-Xlint:all", "-Werror", "-cp", classpath, "-d", dir.string(), source.string()},
                                        dir / "javac.err");
  ASSERT_EQ(javac.status, 0) << test::readFile(dir / "javac.err");
  EXPECT_TRUE(fs::exists(dir / "AckLabProducer.class"));
  expectDeliveredThenDeadLettered({"java", "-cp", classpath + ":" + dir.string(), "AckLabProducer"}, c.bootstrap, t, dir,
                                  "kafka-java");
}


// The Java compiler and the class path of the kafka-clients jars AckLab fetched: a command line that runs the
// exported program (compiled into `dir`), its password in the environment as the export asks.
std::vector<std::string> compileJava(LocalKafka& k, const fs::path& source, const fs::path& dir,
                                     const std::string& password = {}) {
  const std::string classpath = (k.options().kafkaLibs / "*").string();
  const CliRun javac = test::runProgram({"javac", "-Xlint:all", "-Werror", "-cp", classpath, "-d", dir.string(), source.string()},
                                        dir / "javac.err");
  EXPECT_EQ(javac.status, 0) << test::readFile(dir / "javac.err");
  std::vector<std::string> run = {"/usr/bin/env"};
  if (!password.empty()) run.push_back("SASL_PASSWORD=" + password);
  run.insert(run.end(), {"java", "-cp", classpath + ":" + dir.string(), "AckLabProducer"});
  return run;
}

std::vector<std::string> pythonCommand(const fs::path& program, const std::string& password) {
  return {"/usr/bin/env", "SASL_PASSWORD=" + password, test::pythonForExports(), program.string()};
}

// Settings that log in as `user` on the cluster's SASL listener (the password goes to the environment).
std::vector<std::string> saslSettings(const std::string& user) {
  return {"security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN", "sasl.username=" + user, "sasl.password=unused"};
}

// ACLs reach every broker through the metadata log: waits until `user` may describe the topic.
bool describableBy(const std::string& user, const std::string& topic) {
  KafkaProperties props = {{"bootstrap.servers", cluster().saslBootstrap}};
  for (const auto& kv : LocalKafka::saslClientConfig(user)) props.emplace_back(kv.first, kv.second);
  return waitFor([&] {
    std::vector<std::string> problems;
    KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, props, [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); },
                                  problems);
    if (!rk) return false;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    const auto err = rd_kafka_metadata(rk.get(), 0, rkt, &md, 5000);
    rd_kafka_topic_destroy(rkt);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    const bool ok = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_metadata_destroy(md);
    return ok;
  }, 30s);
}

// The end offset of partition 0 (-1 when it cannot be read).
int64_t endOffset(const std::string& topic) {
  std::vector<std::string> problems;
  KafkaHandle rk = createClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", cluster().bootstrap}},
                                [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
  int64_t low = -1, high = -1;
  if (!rk || queryWatermarks(rk.get(), topic, 0, low, high, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) return -1;
  return high;
}

// Two topics carol may Describe and nothing else, and the Java and Python exports of the production profile
// logging in as carol with `settings` added: the command line of each, by language.
struct CarolsExports {
  Topics topics;
  fs::path dir;
  std::map<std::string, std::vector<std::string>> programs;
};

CarolsExports exportsForCarol(LocalKafka& k, const std::string& prefix, std::vector<std::string> settings) {
  CarolsExports e{makeTopics(k, prefix), test::freshDir(prefix), {}};
  for (const auto& topic : {e.topics.data, e.topics.dlq}) EXPECT_NO_THROW(k.addAcl("User:carol", topic, "Describe"));
  EXPECT_TRUE(describableBy("carol", e.topics.data));
  const auto sasl = saslSettings("carol");
  settings.insert(settings.begin(), sasl.begin(), sasl.end());
  e.programs["java"] = compileJava(k, exportTo(e.dir, "java", e.topics, settings), e.dir, "carol-secret");
  e.programs["python"] = pythonCommand(exportTo(e.dir, "python", e.topics, settings), "carol-secret");
  return e;
}

// carol may Describe the topics and nothing else: an idempotent producer gets no producer id (Kafka wants
// IdempotentWrite on the cluster or Write on some topic). librdkafka raises that as a fatal error; kafka-clients
// fails every batch with ClusterAuthorizationException and "Aborting producer batches due to fatal error". Both
// exports stop at once, dead-letter nothing and exit 3; nothing reaches the topic.
TEST(ExportKafka, AProducerThatGetsNoProducerIdStopsWithExitThreeInJavaAndPython) {
  REQUIRE_CLUSTER();
  const auto [t, dir, programs] = exportsForCarol(c.kafka, "export-noid", {});
  ASSERT_FALSE(HasFailure());
  for (const auto& [lang, program] : programs) {
    SCOPED_TRACE(lang);
    std::vector<std::string> args = program;
    args.insert(args.end(), {"--bootstrap", c.saslBootstrap, "--count", "1000", "--rate", "100", "--run-id", "noid-" + lang,
                             "--dlq-file", (dir / "fallback.jsonl").string()});
    const CliRun r = test::runProgram(args, dir / (lang + ".err"));
    const std::string log = test::readFile(dir / (lang + ".err"));
    EXPECT_EQ(r.status, 3) << r.out << log;
    const auto sum = test::summaryOf(r.out);
    ASSERT_TRUE(sum.is_object()) << r.out << log;
    EXPECT_NE(sum["fatal_error"].get<std::string>().find("CLUSTER_AUTHORIZATION_FAILED"), std::string::npos) << r.out;
    EXPECT_LT(sum["sent"], 100) << "it stopped sending at the fatal error";
    EXPECT_GE(sum["fatal"], 1) << r.out;
    EXPECT_EQ(sum["fatal"], sum["failed"]) << r.out;
    EXPECT_EQ(sum["permanent"], 0) << r.out;
    EXPECT_EQ(sum["dlq_written"], 0) << r.out;
    EXPECT_EQ(sum["dlq_file"], 0) << "a fatal failure is not dead-lettered: " << r.out;
    EXPECT_EQ(sum["unaccounted"], 0) << r.out;
    EXPECT_NE(log.find("fatal producer error CLUSTER_AUTHORIZATION_FAILED (31)"), std::string::npos) << log;
  }
  EXPECT_FALSE(fs::exists(dir / "fallback.jsonl"));
  EXPECT_EQ(endOffset(t.data), 0) << "nothing reached the topic";
}

// The main producer is not idempotent (acks=1) and may not write the topic: every record fails with
// TOPIC_AUTHORIZATION_FAILED (permanent). The DLQ producer is idempotent and gets no producer id, a fatal error
// of its own: the envelopes go to the fallback file, each once, and the program neither crashes nor stops.
// (Seen before the fix: Python died with a traceback from the DLQ producer's flush; Java wrote some envelopes
// twice, 33 for 20 failures, because kafka-clients both calls back and throws from send() in that state.)
TEST(ExportKafka, ADlqProducerWithAFatalErrorWritesEachEnvelopeToTheFallbackFileOnce) {
  REQUIRE_CLUSTER();
  const auto [t, dir, programs] = exportsForCarol(c.kafka, "export-dlqfatal", {"enable.idempotence=false", "acks=1"});
  ASSERT_FALSE(HasFailure());
  for (const auto& [lang, program] : programs) {
    SCOPED_TRACE(lang);
    const fs::path fallback = dir / (lang + "-fallback.jsonl");
    std::vector<std::string> args = program;
    args.insert(args.end(), {"--bootstrap", c.saslBootstrap, "--count", "20", "--rate", "100", "--run-id", "dlqfatal-" + lang,
                             "--dlq-file", fallback.string()});
    const CliRun r = test::runProgram(args, dir / (lang + ".err"));
    const std::string log = test::readFile(dir / (lang + ".err"));
    EXPECT_EQ(r.status, 0) << "every failure was dead-lettered (to the file): " << r.out << log;
    const auto sum = test::summaryOf(r.out);
    ASSERT_TRUE(sum.is_object()) << r.out << log;
    EXPECT_EQ(sum["sent"], 20) << r.out;
    EXPECT_EQ(sum["permanent"], 20) << r.out;
    EXPECT_EQ(sum["errors"]["TOPIC_AUTHORIZATION_FAILED"], 20) << r.out;
    EXPECT_EQ(sum["dlq_written"], 0) << r.out;
    EXPECT_EQ(sum["dlq_file"], 20) << r.out << log;
    EXPECT_TRUE(sum["fatal_error"].is_null()) << "the DLQ producer's fatal error does not stop the program: " << r.out;

    const CliRun listed = test::runCli({"dlq", "list", "--file", fallback.string(), "--json", "--limit", "1000"}, " 2>/dev/null");
    std::set<std::string> keys;
    int records = 0;
    std::istringstream in(listed.out);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] != '{') continue;
      const auto rec = nlohmann::json::parse(line, nullptr, false);
      ++records;
      EXPECT_EQ(rec.value("error_name", ""), "TOPIC_AUTHORIZATION_FAILED") << line;
      EXPECT_EQ(rec.value("run_id", ""), "dlqfatal-" + lang) << line;
      keys.insert(rec.value("original_key", ""));
    }
    EXPECT_EQ(records, 20) << listed.out;
    EXPECT_EQ(keys.size(), 20u) << "each envelope once";
  }
  EXPECT_EQ(endOffset(t.dlq), 0) << "nothing reached the DLQ topic";
}

// SIGINT in the middle of a run: the Java export stops sending, flushes what is in flight (its DLQ writes
// included), prints its counters and exits as the JVM does on SIGINT (130); nothing is left unaccounted and the
// DLQ topic holds exactly the envelopes it counted.
TEST(ExportKafka, SigintStopsTheJavaExportFlushesAndPrintsTheCounters) {
  REQUIRE_CLUSTER();
  const Topics t = makeTopics(c.kafka, "export-java-sigint");
  const auto dir = test::freshDir("export-kafka-java-sigint");
  std::vector<std::string> args = compileJava(c.kafka, exportTo(dir, "java", t), dir);
  args.insert(args.end(), {"--bootstrap", c.bootstrap, "--count", "1000000", "--size", "2000", "--rate", "100",
                           "--run-id", "java-sigint", "--dlq-file", (dir / "fallback.jsonl").string()});
  test::BackgroundProcess producer(args, dir / "run.err");
  ASSERT_TRUE(producer.running());
  // Interrupted once it is demonstrably in the middle of its work: a refused record has been dead-lettered.
  ASSERT_TRUE(waitFor([&] { return test::readFile(dir / "run.err").find("to DLQ") != std::string::npos; }, 60s))
      << test::readFile(dir / "run.err");
  const CliRun run = producer.interrupt(SIGINT, 60s);
  const std::string log = test::readFile(dir / "run.err");
  EXPECT_EQ(run.status, 130) << run.out << log;
  EXPECT_NE(log.find("signal: stop sending, flush and exit"), std::string::npos) << log;
  const auto sum = test::summaryOf(run.out);
  ASSERT_TRUE(sum.is_object()) << run.out << log;
  EXPECT_GT(sum["sent"], 0);
  EXPECT_LT(sum["sent"], 1000000);
  EXPECT_EQ(sum["unaccounted"], 0) << "every record sent got its callback before the exit: " << run.out;
  EXPECT_EQ(sum["undelivered"], 0) << run.out;
  EXPECT_EQ(sum["permanent"], sum["sent"]) << "every 2000-byte record is over the topic's limit: " << run.out;
  EXPECT_EQ(sum["dlq_file"], 0) << run.out;
  int mine = 0;
  for (const auto& r : test::dlqList(c.bootstrap, t.dlq)) mine += r.value("run_id", "") == "java-sigint";
  EXPECT_EQ(mine, sum["dlq_written"].get<int>()) << run.out;
  EXPECT_EQ(sum["dlq_written"], sum["permanent"]) << run.out;
}

}  // namespace
}  // namespace acklab::kafkatest
