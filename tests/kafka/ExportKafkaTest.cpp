// Exported producers (core/export, docs/export.md) run against Local Kafka: Python with Debian's
// python3-confluent-kafka, Java compiled with javac against the kafka-clients jars AckLab fetched. Their DLQ
// records are read back by `acklab-cli dlq list`.
#include "KafkaTestSupport.h"

#include "../core/ExportTestSupport.h"

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

fs::path exportTo(const fs::path& dir, const std::string& lang, const Topics& t) {
  // compression off: a padded value would otherwise compress below the topic's 1024 bytes. batch.size 900: the
  // topic's limit applies to a whole batch, and the first batch, held back while the producer connects, would
  // otherwise carry many small records over it (seen: all 100 small records refused in one batch).
  const CliRun r = test::runCli({"export", "--lang", lang, "--profile", "production", "-X", "compression.type=none",
                                 "-X", "batch.size=900",
                                 "--topic", t.data, "--dlq-topic", t.dlq, "-o", (dir.string() + "/")});
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

}  // namespace
}  // namespace acklab::kafkatest
