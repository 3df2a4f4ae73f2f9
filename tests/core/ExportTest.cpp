// core/export: the generated programs, and the Python one run for real against `acklab-cli cluster serve`.
#include "ExportTestSupport.h"

#include "export/CodeExporter.h"
#include "metrics/ErrorClassifier.h"
#include "profile/Presets.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <thread>

using namespace acklab;
using namespace acklab::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Row {
    std::string name;
    std::string cls;
};

// The table a generated program carries, read back with the pattern its language writes rows in.
std::map<int32_t, Row> tableOf(const std::string& code, const std::regex& row) {
    std::map<int32_t, Row> t;
    for (auto it = std::sregex_iterator(code.begin(), code.end(), row); it != std::sregex_iterator(); ++it) {
        std::string cls = (*it)[3];
        for (auto& c : cls) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        t[std::stoi((*it)[1])] = {(*it)[2], cls};
    }
    return t;
}

// Every code the classifier names must be in the table with its name and class, and nothing else.
void expectTableMatchesClassifier(const std::map<int32_t, Row>& table) {
    size_t known = 0;
    for (int32_t code = -1000; code <= 1000; ++code) {
        const ErrorInfo info = ErrorClassifier::classify(code);
        const bool named = info.errorClass != ErrorClass::None && info.name.rfind("UNKNOWN_", 0) != 0;
        auto it = table.find(code);
        if (!named) {
            EXPECT_EQ(it, table.end()) << "code " << code << " is in the table but unknown to ErrorClassifier";
            continue;
        }
        ++known;
        ASSERT_NE(it, table.end()) << "code " << code << " (" << info.name << ") missing from the table";
        EXPECT_EQ(it->second.name, info.name) << "code " << code;
        EXPECT_EQ(it->second.cls, toString(info.errorClass)) << "code " << code << " " << info.name;
    }
    EXPECT_EQ(table.size(), known);
    EXPECT_GT(known, 150u);  // librdkafka 2.0.2 names about 160 codes
}

const std::regex kPythonRow(R"re(\n    (-?\d+): \("([A-Z0-9_]+)", (TRANSIENT|PERMANENT|FATAL)\),)re");

ProducerProfile trickyProfile() {
    ProducerProfile p("tricky \"name\"", {{"acks", "all"}, {"sasl.username", "alice"}, {"sasl.password", "s3cr3t-value"},
                                          {"security.protocol", "sasl_plaintext"}, {"sasl.mechanism", "PLAIN"},
                                          {"linger.ms", "7"}},
                      "A note with \"quotes\", a ''' and \"\"\" run,\na second line, @TOPIC@ and ünïcödé \\ backslash.");
    return p;
}

int compilePython(const fs::path& file) {
    return runProgram({pythonForExports(), "-m", "py_compile", file.string()}, file.string() + ".compile.err").status;
}

}  // namespace

TEST(CodeExporter, PythonTableIsErrorClassifiersForEveryCode) {
    const std::string code = CodeExporter::generate(*findPreset("production"), ExportLanguage::Python, {});
    const auto table = tableOf(code, kPythonRow);
    expectTableMatchesClassifier(table);
    // The lesson's examples, as a reader of the generated file sees them.
    EXPECT_EQ(table.at(-192).cls, "transient");  // _MSG_TIMED_OUT
    EXPECT_EQ(table.at(19).cls, "transient");    // NOT_ENOUGH_REPLICAS
    EXPECT_EQ(table.at(10).cls, "permanent");    // MSG_SIZE_TOO_LARGE
    EXPECT_EQ(table.at(29).cls, "permanent");    // TOPIC_AUTHORIZATION_FAILED
    EXPECT_EQ(table.at(45).cls, "fatal");        // OUT_OF_ORDER_SEQUENCE_NUMBER
}

const std::regex kJavaRow(R"re(\n        c\((-?\d+), "([A-Z0-9_]+)", (TRANSIENT|PERMANENT|FATAL)\);)re");

TEST(CodeExporter, JavaTableIsErrorClassifiersForEveryCode) {
    const std::string code = CodeExporter::generate(*findPreset("production"), ExportLanguage::Java, {});
    expectTableMatchesClassifier(tableOf(code, kJavaRow));
}

TEST(CodeExporter, JavaTranslatesLibrdkafkaNamesAndSaysWhatHasNoJavaEquivalent) {
    ProducerProfile p("j", {{"acks", "1"}, {"queue.buffering.max.kbytes", "2048"}, {"message.max.bytes", "500000"},
                            {"socket.timeout.ms", "20000"}, {"batch.num.messages", "500"}, {"partitioner", "murmur2_random"},
                            {"security.protocol", "sasl_ssl"}, {"sasl.mechanism", "SCRAM-SHA-512"},
                            {"sasl.username", "bob"}, {"sasl.password", "hunter2"}, {"ssl.ca.location", "/etc/ca.pem"},
                            {"ssl.endpoint.identification.algorithm", "none"}});
    const std::string code = CodeExporter::generate(p, ExportLanguage::Java, {});
    EXPECT_NE(code.find("p.put(\"buffer.memory\", \"2097152\");"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"max.request.size\", \"500000\");"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"security.protocol\", \"SASL_SSL\");"), std::string::npos);
    EXPECT_NE(code.find("ScramLoginModule\", \"bob\", env(\"SASL_PASSWORD\"))"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"ssl.truststore.location\", \"/etc/ca.pem\");"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"ssl.truststore.type\", \"PEM\");"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"ssl.endpoint.identification.algorithm\", \"\");"), std::string::npos);
    for (const char* only : {"socket.timeout.ms = 20000", "batch.num.messages = 500", "partitioner = murmur2_random"})
        EXPECT_NE(code.find(std::string("// (no Java setting) ") + only), std::string::npos) << only;
    EXPECT_NE(code.find("librdkafka-only: Java bounds each request with request.timeout.ms."), std::string::npos);
    // librdkafka's defaults where Java's differ, carried over.
    EXPECT_NE(code.find("p.put(\"enable.idempotence\", \"false\");"), std::string::npos);
    EXPECT_NE(code.find("p.put(\"delivery.timeout.ms\", \"300000\");"), std::string::npos);
    EXPECT_EQ(code.find("hunter2"), std::string::npos);
    EXPECT_EQ(code.find("p.put(\"socket.timeout.ms\""), std::string::npos);
}

const std::regex kGoRow(R"re(\n\tc\((-?\d+), "([A-Z0-9_]+)", (transient|permanent|fatal)\))re");

TEST(CodeExporter, GoTableIsErrorClassifiersForEveryCode) {
    const std::string code = CodeExporter::generate(*findPreset("production"), ExportLanguage::Go, {});
    expectTableMatchesClassifier(tableOf(code, kGoRow));
}

// Go is checked for syntax and formatting only: confluent-kafka-go v2 is not packaged by Debian (docs/export.md).
TEST(CodeExporter, GoIsGofmtCleanAndKeepsSecretsOut) {
    const auto dir = freshDir("export-go");
    for (const auto& [name, profile] : {std::pair{"production", *findPreset("production")}, std::pair{"tricky", trickyProfile()}}) {
        const std::string code = CodeExporter::generate(profile, ExportLanguage::Go, {});
        const fs::path file = dir / (std::string(name) + ".go");
        std::ofstream(file) << code;
        const CliRun r = runProgram({"gofmt", "-l", file.string()}, dir / "gofmt.err");
        EXPECT_EQ(r.status, 0) << name << ": " << readFile(dir / "gofmt.err");
        EXPECT_EQ(r.out, "") << name << " is not gofmt-formatted:\n"
                             << runProgram({"gofmt", "-d", file.string()}, dir / "gofmt-d.err").out;
        EXPECT_EQ(code.find("s3cr3t-value"), std::string::npos);
    }
    const std::string code = CodeExporter::generate(trickyProfile(), ExportLanguage::Go, {});
    EXPECT_NE(code.find("set(cfg, \"sasl.password\", os.Getenv(\"SASL_PASSWORD\"))"), std::string::npos);
    EXPECT_NE(code.find("set(cfg, \"linger.ms\", 7)"), std::string::npos);
}

TEST(CodeExporter, PythonCarriesEverySettingWithItsReasonAndCompiles) {
    const auto dir = freshDir("export-py");
    const ProducerProfile p = *findPreset("production");
    const std::string code = CodeExporter::generate(p, ExportLanguage::Python, {});
    for (const auto& [key, value] : p.properties()) {
        const auto at = code.find("    \"" + key + "\": ");
        ASSERT_NE(at, std::string::npos) << key << " not in CONFIG";
        // The line before each setting is its reason.
        const auto lineStart = code.rfind('\n', at - 1);
        const auto prev = code.rfind('\n', lineStart - 1);
        EXPECT_EQ(code.substr(prev + 1, 6), "    # ") << key << " has no comment";
    }
    EXPECT_NE(code.find("\"acks\": \"all\""), std::string::npos);
    EXPECT_NE(code.find("\"enable.idempotence\": True"), std::string::npos);
    EXPECT_NE(code.find("\"linger.ms\": 5,"), std::string::npos);
    EXPECT_NE(code.find("never by err.retriable()"), std::string::npos);
    std::ofstream(dir / "p.py") << code;
    EXPECT_EQ(compilePython(dir / "p.py"), 0) << readFile(dir / "p.py.compile.err");
}

TEST(CodeExporter, AwkwardProfileTextStaysInsideLiteralsAndSecretsStayOut) {
    const auto dir = freshDir("export-py-tricky");
    ExportOptions o;
    o.topic = "orders.v1";
    o.dlqTopic = "orders.dlq";
    const std::string code = CodeExporter::generate(trickyProfile(), ExportLanguage::Python, o);
    EXPECT_EQ(code.find("s3cr3t-value"), std::string::npos) << "a secret was written into the program";
    EXPECT_NE(code.find("os.environ.get(\"SASL_PASSWORD\", \"\")"), std::string::npos);
    EXPECT_NE(code.find("\"sasl.username\": \"alice\""), std::string::npos);
    EXPECT_NE(code.find("@TOPIC@ and ünïcödé"), std::string::npos) << "the note is copied as is, never re-filled";
    // The DLQ producer logs in the same way as the main one.
    const auto dlq = code.substr(code.find("DLQ_CONFIG = {"));
    EXPECT_NE(dlq.find("\"security.protocol\": \"sasl_plaintext\""), std::string::npos);
    EXPECT_NE(dlq.find("\"sasl.password\": os.environ.get("), std::string::npos);
    std::ofstream(dir / "p.py") << code;
    EXPECT_EQ(compilePython(dir / "p.py"), 0) << readFile(dir / "p.py.compile.err");
}

TEST(CodeExporter, BadOptionsAreRefusedNamingWhatIsWrong) {
    const ProducerProfile p = *findPreset("critical");
    auto problem = [&](ExportOptions o) {
        try {
            CodeExporter::generate(p, ExportLanguage::Python, o);
        } catch (const ExportError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    ExportOptions o;
    o.topic = "";
    EXPECT_NE(problem(o).find("topic: must not be empty"), std::string::npos) << problem(o);
    o = {};
    o.dlqTopic = o.topic;
    EXPECT_NE(problem(o).find("DLQ topic: must differ"), std::string::npos) << problem(o);
    o = {};
    o.topic = "bad topic!";
    EXPECT_NE(problem(o).find("'bad topic!'"), std::string::npos) << problem(o);
    o = {};
    o.messageCount = 0;
    EXPECT_NE(problem(o).find("message count"), std::string::npos) << problem(o);
    EXPECT_EQ(CodeExporter::parseLanguage("cobol"), std::nullopt);
    EXPECT_EQ(CodeExporter::parseLanguage("Python"), ExportLanguage::Python);
}

TEST(ExportCli, BadInputExitsTwoWithTheReason) {
    auto r = runCli({"export", "--profile", "critical"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("--lang: required"), std::string::npos) << r.out;
    r = runCli({"export", "--lang", "cobol"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("'cobol'"), std::string::npos) << r.out;
    r = runCli({"export", "--lang", "python", "--topic", "x", "--dlq-topic", "x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("DLQ topic: must differ"), std::string::npos) << r.out;
    r = runCli({"export", "--lang", "python", "-X", "acks=maybe"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("acks"), std::string::npos) << r.out;
    r = runCli({"export", "--lang", "python", "--profile", "no-such-profile"});
    EXPECT_EQ(r.status, 2);
    r = runCli({"export", "--lang", "python", "--count", "0"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("--count"), std::string::npos) << r.out;
    r = runCli({"cluster", "serve", "--embedded", "3", "--fault", "kill broker=1"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("process faults need Local Kafka"), std::string::npos) << r.out;
    r = runCli({"export", "--lang", "java", "-o", (fs::temp_directory_path() / "Foo.java").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("must be saved as AckLabProducer.java"), std::string::npos) << r.out;
    r = runCli({"cluster", "serve", "--embedded", "0"});
    EXPECT_EQ(r.status, 2);
}

TEST(ExportCli, WritesTheProgramToAFolderAndStdout) {
    const auto dir = freshDir("export-cli");
    auto r = runCli({"export", "--lang", "python", "--profile", "analytics", "--topic", "clicks", "-o", (dir / "out/").string()});
    ASSERT_EQ(r.status, 0) << r.out;
    const std::string code = readFile(dir / "out" / "acklab_producer.py");
    EXPECT_NE(code.find("PROFILE = \"analytics\""), std::string::npos);
    EXPECT_NE(code.find("\"--topic\", default=\"clicks\""), std::string::npos);
    EXPECT_TRUE((fs::status(dir / "out" / "acklab_producer.py").permissions() & fs::perms::owner_exec) != fs::perms::none);
    r = runCli({"export", "--lang", "python", "--profile", "analytics", "--topic", "clicks"}, " 2>/dev/null");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, code);
    // `profile export --format python` still prints the config dict alone.
    r = runCli({"profile", "export", "analytics", "--format", "python"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("config = {"), std::string::npos) << r.out;
}

// ---- the Python export against the embedded cluster, served by acklab-cli --------------------------------

namespace {

struct Served {
    std::unique_ptr<BackgroundProcess> process;
    std::string bootstrap;
};

Served serve(const fs::path& dir, const std::vector<std::string>& faults) {
    std::vector<std::string> args = {ACKLAB_CLI_PATH, "cluster", "serve", "--embedded", "3", "--topic", "acklab-events",
                                     "--for", "300s"};
    for (const auto& f : faults) args.insert(args.end(), {"--fault", f});
    Served s;
    s.process = std::make_unique<BackgroundProcess>(args, dir / "serve.err");
    s.bootstrap = s.process->readLine(30s);
    return s;
}

fs::path exportPython(const fs::path& dir, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"export", "--lang", "python", "--profile", "production", "-o", (dir / "p.py").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun r = runCli(args);
    EXPECT_EQ(r.status, 0) << r.out;
    return dir / "p.py";
}

std::vector<nlohmann::json> recordsOfRun(const std::vector<nlohmann::json>& all, const std::string& runId) {
    std::vector<nlohmann::json> out;
    for (const auto& r : all)
        if (r.value("run_id", "") == runId) out.push_back(r);
    return out;
}

}  // namespace

TEST(ExportPythonEmbedded, PermanentFailuresGoToTheDlqAndTheCountsAddUp) {
    const auto dir = freshDir("export-py-embedded");
    // The errors are pushed 1 s after the cluster starts, once the producer is sending one message per request
    // (at 100 messages/s with linger.ms=5); before that, a batch held back by the first connection could
    // carry them all.
    Served s = serve(dir, {"error code=MSG_SIZE_TOO_LARGE count=3 at=1s"});
    ASSERT_FALSE(s.bootstrap.empty()) << "cluster serve printed no bootstrap: " << readFile(dir / "serve.err");
    const auto program = exportPython(dir, {});
    // 300 messages over 3 s: the three failing Produce requests take a few messages each, the rest are delivered.
    const CliRun run = runProgram({pythonForExports(), program.string(), "--bootstrap", s.bootstrap, "--count", "300",
                                   "--rate", "100", "--run-id", "py-embedded-1", "--dlq-file", (dir / "fallback.jsonl").string()},
                                  dir / "run.err");
    const std::string log = readFile(dir / "run.err");
    ASSERT_EQ(run.status, 0) << run.out << log;
    const auto sum = summaryOf(run.out);
    ASSERT_TRUE(sum.is_object()) << run.out;
    EXPECT_EQ(sum["sent"], 300);
    const int delivered = sum["delivered"], failed = sum["failed"], permanent = sum["permanent"];
    EXPECT_GE(failed, 3) << "each of the 3 failed requests carries at least one message";
    EXPECT_LT(failed, 300);
    EXPECT_EQ(delivered, 300 - failed);
    EXPECT_EQ(permanent, failed);
    EXPECT_EQ(sum["transient"], 0);
    EXPECT_EQ(sum["dlq_written"], permanent);
    EXPECT_EQ(sum["dlq_file"], 0);
    EXPECT_EQ(sum["errors"]["MSG_SIZE_TOO_LARGE"], failed);
    EXPECT_NE(log.find("error=MSG_SIZE_TOO_LARGE(10) class=permanent attempt=1/1"), std::string::npos) << log;
    EXPECT_NE(log.find("topic=acklab-events partition=0 key=key-"), std::string::npos) << log;

    const auto records = recordsOfRun(dlqList(s.bootstrap, "dead-letter-queue"), "py-embedded-1");
    ASSERT_EQ(static_cast<int>(records.size()), permanent);
    for (const auto& r : records) {
        EXPECT_EQ(r["format"], "acklab");
        EXPECT_TRUE(r["parse_error"].is_null()) << r.dump();
        EXPECT_EQ(r["original_topic"], "acklab-events");
        EXPECT_EQ(r["original_partition"], 0);
        EXPECT_EQ(r["error_code"], 10);
        EXPECT_EQ(r["error_name"], "MSG_SIZE_TOO_LARGE");
        EXPECT_EQ(r["error_class"], "permanent");
        EXPECT_EQ(r["profile"], "production");
        EXPECT_EQ(r["attempts"], 1);
        const std::string key = r["original_key"];
        ASSERT_EQ(key.rfind("key-", 0), 0u) << key;
        const std::string value = r["original_value"];
        EXPECT_NE(value.find("\"seq\":" + key.substr(4) + ","), std::string::npos) << key << " " << value;
        EXPECT_TRUE(r["produced_at"].is_string());
        EXPECT_TRUE(r["failed_at"].is_string());
        ASSERT_EQ(r["original_headers"].size(), 1u);
        EXPECT_EQ(r["original_headers"][0]["key"], "acklab.export.run_id");
    }
    EXPECT_EQ(s.process->stop(), 0) << readFile(dir / "serve.err");
}

TEST(ExportPythonEmbedded, TransientFailuresAreRequeuedOrCountedNeverDeadLettered) {
    const auto dir = freshDir("export-py-transient");
    // librdkafka retries nothing (retries=0), so each NOT_ENOUGH_REPLICAS reaches the delivery callback.
    Served s = serve(dir, {"error code=NOT_ENOUGH_REPLICAS count=2"});
    ASSERT_FALSE(s.bootstrap.empty()) << readFile(dir / "serve.err");
    const auto program = exportPython(dir, {"-X", "enable.idempotence=false", "-X", "retries=0"});

    // --max-attempts 4: the program produces them again and they are delivered.
    CliRun run = runProgram({pythonForExports(), program.string(), "--bootstrap", s.bootstrap, "--count", "50",
                             "--rate", "100", "--max-attempts", "4", "--run-id", "py-transient-1"},
                            dir / "run1.err");
    std::string log = readFile(dir / "run1.err");
    ASSERT_EQ(run.status, 0) << run.out << log;
    auto sum = summaryOf(run.out);
    EXPECT_EQ(sum["sent"], 50);
    EXPECT_EQ(sum["delivered"], 50) << run.out;
    EXPECT_EQ(sum["failed"], 0);
    EXPECT_GE(sum["requeued"], 2);
    EXPECT_GE(sum["errors"]["NOT_ENOUGH_REPLICAS"], 2);
    EXPECT_NE(log.find("re-queued: topic=acklab-events"), std::string::npos) << log;
    EXPECT_NE(log.find("class=transient attempt=1/4"), std::string::npos) << log;

    // --max-attempts 1 against two more pushed errors: counted as undelivered (exit 1), still not in the DLQ.
    s.process->stop();
    s = serve(dir, {"error code=NOT_ENOUGH_REPLICAS count=2"});
    ASSERT_FALSE(s.bootstrap.empty()) << readFile(dir / "serve.err");
    run = runProgram({pythonForExports(), program.string(), "--bootstrap", s.bootstrap, "--count", "50", "--rate", "100",
                      "--max-attempts", "1", "--run-id", "py-transient-2"},
                     dir / "run2.err");
    log = readFile(dir / "run2.err");
    EXPECT_EQ(run.status, 1) << run.out << log;
    sum = summaryOf(run.out);
    const int failed = sum["failed"];
    EXPECT_GE(failed, 2);
    EXPECT_EQ(sum["transient"], failed);
    EXPECT_EQ(sum["delivered"], 50 - failed);
    EXPECT_EQ(sum["dlq_written"], 0);
    EXPECT_NE(log.find("giving up (undelivered)"), std::string::npos) << log;
    EXPECT_TRUE(recordsOfRun(dlqList(s.bootstrap, "dead-letter-queue"), "py-transient-2").empty());
}

TEST(ExportPythonEmbedded, AFatalErrorStopsProducingFlushesAndExitsThree) {
    const auto dir = freshDir("export-py-fatal");
    // An idempotent producer (the production profile) that meets OUT_OF_ORDER_SEQUENCE_NUMBER: librdkafka raises
    // a fatal error; confluent_kafka raises it from poll() as well.
    Served s = serve(dir, {"error code=OUT_OF_ORDER_SEQUENCE_NUMBER count=1 at=1s"});
    ASSERT_FALSE(s.bootstrap.empty()) << readFile(dir / "serve.err");
    const auto program = exportPython(dir, {});
    const CliRun run = runProgram({pythonForExports(), program.string(), "--bootstrap", s.bootstrap, "--count", "300",
                                   "--rate", "100", "--run-id", "py-fatal-1"},
                                  dir / "run.err");
    const std::string log = readFile(dir / "run.err");
    EXPECT_EQ(run.status, 3) << run.out << log;
    const auto sum = summaryOf(run.out);
    ASSERT_TRUE(sum.is_object()) << run.out << log;
    EXPECT_NE(sum["fatal_error"].get<std::string>().find("OUT_OF_ORDER_SEQUENCE_NUMBER"), std::string::npos) << run.out;
    EXPECT_LT(sum["sent"], 300) << "it stopped producing";
    EXPECT_GE(sum["fatal"], 1);
    EXPECT_EQ(sum["unaccounted"], 0) << "every message sent got its report before the exit";
    EXPECT_EQ(sum["dlq_written"], 0) << "fatal failures are not dead-lettered";
    EXPECT_NE(log.find("fatal producer error OUT_OF_ORDER_SEQUENCE_NUMBER (45)"), std::string::npos) << log;
    EXPECT_TRUE(recordsOfRun(dlqList(s.bootstrap, "dead-letter-queue"), "py-fatal-1").empty());
}

TEST(ExportPythonEmbedded, SigintStopsProducingFlushesAndPrintsTheCounters) {
    const auto dir = freshDir("export-py-sigint");
    Served s = serve(dir, {"error code=MSG_SIZE_TOO_LARGE count=1 at=1s"});
    ASSERT_FALSE(s.bootstrap.empty()) << readFile(dir / "serve.err");
    const auto program = exportPython(dir, {});
    BackgroundProcess producer({pythonForExports(), program.string(), "--bootstrap", s.bootstrap, "--count", "1000000",
                                "--rate", "200", "--run-id", "py-sigint-1"},
                               dir / "run.err");
    ASSERT_TRUE(producer.running());
    // Interrupted once it is demonstrably in the middle of its work: a failure has been dead-lettered.
    const auto until = std::chrono::steady_clock::now() + 30s;
    while (readFile(dir / "run.err").find("to DLQ") == std::string::npos && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(50ms);
    ASSERT_NE(readFile(dir / "run.err").find("to DLQ"), std::string::npos) << readFile(dir / "run.err");
    const CliRun run = producer.interrupt(SIGINT, 60s);
    const std::string log = readFile(dir / "run.err");
    EXPECT_EQ(run.status, 0) << run.out << log;
    EXPECT_NE(log.find("signal 2: stop producing, flush and exit"), std::string::npos) << log;
    const auto sum = summaryOf(run.out);
    ASSERT_TRUE(sum.is_object()) << run.out << log;
    EXPECT_LT(sum["sent"], 1000000);
    EXPECT_GT(sum["sent"], 0);
    EXPECT_EQ(sum["unaccounted"], 0) << "every message sent was flushed to a report";
    EXPECT_EQ(sum["undelivered"], 0);
    EXPECT_GE(sum["permanent"], 1);
    EXPECT_EQ(sum["delivered"].get<int>() + sum["failed"].get<int>(), sum["sent"].get<int>());
    EXPECT_EQ(static_cast<int>(recordsOfRun(dlqList(s.bootstrap, "dead-letter-queue"), "py-sigint-1").size()),
              sum["dlq_written"].get<int>());
}
