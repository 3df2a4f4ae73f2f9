// DlqReader over real AckLab runs (each permanent error), Connect- and Spring-style records, and malformed
// records of every kind, on the embedded cluster; the local/exported JSON-lines files; the live tail.
#include "DlqTestSupport.h"

#include "cluster/EmbeddedCluster.h"
#include "common/Encoding.h"
#include "common/RdKafka.h"
#include "dlq/DlqDisplay.h"
#include "dlq/DlqFilter.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqRecordParser.h"
#include "dlq/DlqTail.h"
#include "dlq/DlqWriter.h"
#include "metrics/ErrorClassifier.h"
#include "profile/Presets.h"
#include "traffic/MessageTag.h"
#include "traffic/ProducerRun.h"
#include "traffic/RunSession.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka_mock.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>

using namespace acklab;

namespace {

using test::produceRecord;
using test::readTopic;

const std::string* header(const DlqHeaders& h, const std::string& name) {
    for (const auto& [k, v] : h)
        if (k == name) return &v;
    return nullptr;
}

std::string be32(int32_t v) {
    const auto u = static_cast<uint32_t>(v);
    return {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8), static_cast<char>(u)};
}
std::string be64(int64_t v) {
    const auto u = static_cast<uint64_t>(v);
    std::string s;
    for (int i = 7; i >= 0; --i) s += static_cast<char>(u >> (8 * i));
    return s;
}

// Runs AckLab's producer over an embedded cluster with faults; checks the DLQ topic against the run.
struct AckLabRun {
    std::unique_ptr<RunSession> session;
    RunResult result;
    DlqReadResult dlq;
};

AckLabRun runAndRead(ProducerProfile profile, TrafficSpec traffic, std::vector<std::string> faults) {
    RunSpec spec;
    spec.cluster.kind = ClusterChoice::Kind::Embedded;
    spec.cluster.brokers = 3;
    spec.profiles.push_back(std::move(profile));
    spec.traffic = std::move(traffic);
    for (const auto& f : faults) spec.faults.push_back(FaultSpec::parse(f));
    spec.dlqFile = (std::filesystem::temp_directory_path() / ("acklab-dlqtest-" + std::to_string(::getpid()) + ".jsonl")).string();
    AckLabRun r;
    r.session = std::make_unique<RunSession>(std::move(spec));
    r.session->start();
    r.session->wait();
    r.result = r.session->run(0).result();
    r.dlq = readTopic(r.session->cluster(0).bootstrapServers(), "dead-letter-queue");
    return r;
}

void expectEnvelopesOf(const AckLabRun& r, const std::string& errorName, const std::string& topic) {
    ASSERT_TRUE(r.dlq.ok) << r.dlq.error;
    EXPECT_EQ(r.result.counters.dlqFile, 0u);
    ASSERT_GT(r.result.counters.dlqTopic, 0u);
    ASSERT_EQ(r.dlq.records.size(), r.result.counters.dlqTopic);
    for (const auto& rec : r.dlq.records) {
        SCOPED_TRACE(rec.source.describe());
        EXPECT_TRUE(rec.ok()) << rec.parseError;
        EXPECT_EQ(rec.format, DlqFormat::AckLab);
        EXPECT_EQ(rec.errorName, errorName);
        EXPECT_EQ(rec.errorClass, "permanent");
        EXPECT_EQ(rec.originalTopic, topic);
        EXPECT_EQ(rec.runId, r.result.runId);
        EXPECT_EQ(rec.attempts, 1);
        EXPECT_GT(rec.failedAtMs, 0);
        ASSERT_TRUE(rec.value.has_value());
        EXPECT_EQ(static_cast<int64_t>(rec.value->size()), r.result.traffic.valueSize);
        // The original record travels whole in the envelope, its run/sequence tag too: at the start of the value
        // for AckLab's filler, in the "acklab" header otherwise (traffic/MessageTag.h).
        std::string_view run;
        int64_t seq = -1;
        bool tagged = parseValueTag(*rec.value, run, seq);
        for (const auto& [k, v] : rec.headers)
            if (!tagged && k == kMessageTagHeader) tagged = parseMessageTag(v, run, seq);
        ASSERT_TRUE(tagged) << rec.rawValue.value_or("");
        EXPECT_EQ(run, r.result.runId);
        EXPECT_GE(seq, 0);
        // The DLQ record's own headers carry the same fields.
        ASSERT_NE(header(rec.rawHeaders, "acklab.dlq.error_name"), nullptr);
        EXPECT_EQ(*header(rec.rawHeaders, "acklab.dlq.error_name"), errorName);
        ASSERT_TRUE(rec.key.has_value());
        EXPECT_EQ(rec.key->rfind("key-", 0), 0u);
    }
}

TrafficSpec smallTraffic() {
    TrafficSpec t;
    t.topic = "orders";
    t.partitions = 3;
    t.messages = 200;
    t.rate = 2000;
    t.valueSize = 100;
    t.keys = TrafficSpec::KeyMode::Sequential;
    return t;
}

}  // namespace

TEST(DlqReader, EnvelopesFromTopicAuthorizationFailed) {
    auto r = runAndRead(resolveProfile("critical"), smallTraffic(), {"error code=TOPIC_AUTHORIZATION_FAILED count=3 at=20ms"});
    expectEnvelopesOf(r, "TOPIC_AUTHORIZATION_FAILED", "orders");
    for (const auto& rec : r.dlq.records) EXPECT_EQ(rec.errorCode, 29);
}

TEST(DlqReader, EnvelopesFromMessageTooLarge) {
    auto profile = resolveProfile("critical");
    profile.set("message.max.bytes", "2000");
    auto t = smallTraffic();
    t.messages = 5;
    t.valueSize = 5000;  // over the client's message.max.bytes: produce() refuses it synchronously
    auto r = runAndRead(profile, t, {});
    expectEnvelopesOf(r, "MSG_SIZE_TOO_LARGE", "orders");
    EXPECT_EQ(r.dlq.records.size(), 5u);
    for (const auto& rec : r.dlq.records) EXPECT_EQ(rec.originalPartition, -1);  // never reached a partition
}

TEST(DlqReader, EnvelopesFromUnknownTopicOrPartition) {
    // The fault API pushes errors onto Produce requests, which librdkafka retries for this code until the
    // message times out; a topic error in Metadata is what makes the delivery report say UNKNOWN_TOPIC_OR_PART.
    // So this run uses a mock cluster of its own with that topic error set.
    std::vector<std::string> problems;
    KafkaHandle host = createClient(RD_KAFKA_PRODUCER, {}, [](rd_kafka_conf_t* c) { rd_kafka_conf_set_log_cb(c, discardLog); },
                                    problems);
    ASSERT_TRUE(host) << joinProblems(problems);
    KafkaMockCluster mock(rd_kafka_mock_cluster_new(host.get(), 2));  // declared after host: destroyed first
    ASSERT_TRUE(mock);
    const std::string bootstrap = rd_kafka_mock_cluster_bootstraps(mock.get());
    rd_kafka_mock_topic_create(mock.get(), "dead-letter-queue", 1, 1);
    rd_kafka_mock_topic_set_error(mock.get(), "orders", RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);

    RunOptions o;
    o.profile = resolveProfile("critical");
    o.profile.set("topic.metadata.propagation.max.ms", "100");
    o.bootstrap = bootstrap;
    o.traffic = smallTraffic();
    o.traffic.messages = 5;
    o.dlqFile = (std::filesystem::temp_directory_path() / "acklab-dlqtest-unknown.jsonl").string();
    RunResult result;
    DlqReadResult dlq;
    {
        ProducerRun run(o);
        run.start();
        ASSERT_TRUE(run.wait(std::chrono::seconds(60)));
        result = run.result();
    }
    dlq = readTopic(bootstrap, "dead-letter-queue");
    ASSERT_TRUE(dlq.ok) << dlq.error;
    ASSERT_EQ(result.counters.dlqTopic, 5u);
    ASSERT_EQ(dlq.records.size(), 5u);
    for (const auto& rec : dlq.records) {
        EXPECT_TRUE(rec.ok()) << rec.parseError;
        EXPECT_EQ(rec.errorCode, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
        EXPECT_EQ(rec.errorName, ErrorClassifier::name(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART));
        EXPECT_EQ(rec.originalTopic, "orders");
        DlqFilter f;
        f.errorName = "UNKNOWN_TOPIC_OR_PART";  // librdkafka's spelling finds Kafka's
        EXPECT_TRUE(f.matches(rec));
    }
    rd_kafka_mock_topic_set_error(mock.get(), "orders", RD_KAFKA_RESP_ERR_NO_ERROR);
    mock.reset();  // the cluster before its host handle
}

TEST(DlqReader, ConnectDeadLetterHeaders) {
    EmbeddedCluster c(3);
    const std::string bs = c.bootstrapServers();
    DlqHeaders h = {{"trace-id", "abc"},
                    {"__connect.errors.topic", "payments"},
                    {"__connect.errors.partition", "2"},
                    {"__connect.errors.offset", "41"},
                    {"__connect.errors.connector.name", "jdbc-sink"},
                    {"__connect.errors.task.id", "0"},
                    {"__connect.errors.stage", "VALUE_CONVERTER"},
                    {"__connect.errors.class.name", "org.apache.kafka.connect.json.JsonConverter"},
                    {"__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException"},
                    {"__connect.errors.exception.message", "Converting byte[] to Kafka Connect data failed"},
                    {"__connect.errors.exception.stacktrace", "org.apache.kafka.connect.errors.DataException: ...\n\tat x"}};
    ASSERT_GE(produceRecord(bs, "connect-dlq", std::string("k-9"), std::string("{not json"), h), 0);
    auto r = readTopic(bs, "connect-dlq");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records.size(), 1u);
    const auto& rec = r.records[0];
    EXPECT_TRUE(rec.ok()) << rec.parseError;
    EXPECT_EQ(rec.format, DlqFormat::Connect);
    EXPECT_EQ(rec.originalTopic, "payments");
    EXPECT_EQ(rec.originalPartition, 2);
    EXPECT_EQ(rec.originalOffset, 41);
    EXPECT_EQ(rec.exceptionClass, "org.apache.kafka.connect.errors.DataException");
    EXPECT_EQ(rec.errorName, "DataException");
    EXPECT_EQ(rec.errorMessage, "Converting byte[] to Kafka Connect data failed");
    EXPECT_EQ(rec.details.at("connector"), "jdbc-sink");
    EXPECT_EQ(rec.details.at("stage"), "VALUE_CONVERTER");
    EXPECT_NE(rec.details.at("stacktrace").find("DataException"), std::string::npos);
    EXPECT_EQ(rec.key, std::optional<std::string>("k-9"));
    EXPECT_EQ(rec.value, std::optional<std::string>("{not json"));
    ASSERT_EQ(rec.headers.size(), 1u);  // DLQ headers stripped, the record's own kept
    EXPECT_EQ(rec.headers[0], (std::pair<std::string, std::string>("trace-id", "abc")));
    EXPECT_EQ(rec.rawHeaders.size(), h.size());
}

TEST(DlqReader, SpringDeadLetterHeaders) {
    EmbeddedCluster c(3);
    const std::string bs = c.bootstrapServers();
    DlqHeaders h = {{"__TypeId__", "com.example.Order"},
                    {"kafka_dlt-original-topic", "orders"},
                    {"kafka_dlt-original-partition", be32(7)},
                    {"kafka_dlt-original-offset", be64(1234567890123LL)},
                    {"kafka_dlt-original-timestamp", be64(1764353045123LL)},
                    {"kafka_dlt-original-consumer-group", "billing"},
                    {"kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException"},
                    {"kafka_dlt-exception-cause-fqcn", "java.lang.IllegalStateException"},
                    {"kafka_dlt-exception-message", "Listener failed; nested exception is bad order"},
                    {"kafka_dlt-exception-stacktrace", "java.lang.IllegalStateException: bad order\n\tat ..."}};
    ASSERT_GE(produceRecord(bs, "orders.DLT", std::string("order-1"), std::string("{\"id\":1}"), h), 0);
    auto r = readTopic(bs, "orders.DLT");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records.size(), 1u);
    const auto& rec = r.records[0];
    EXPECT_TRUE(rec.ok()) << rec.parseError;
    EXPECT_EQ(rec.format, DlqFormat::Spring);
    EXPECT_EQ(rec.originalTopic, "orders");
    EXPECT_EQ(rec.originalPartition, 7);
    EXPECT_EQ(rec.originalOffset, 1234567890123LL);
    EXPECT_EQ(rec.producedAtMs, 1764353045123LL);
    EXPECT_EQ(rec.errorName, "ListenerExecutionFailedException");
    EXPECT_EQ(rec.details.at("cause"), "java.lang.IllegalStateException");
    EXPECT_EQ(rec.details.at("consumer_group"), "billing");
    EXPECT_EQ(rec.errorMessage, "Listener failed; nested exception is bad order");
    ASSERT_EQ(rec.headers.size(), 1u);
    EXPECT_EQ(rec.headers[0].first, "__TypeId__");
}

TEST(DlqReader, MalformedRecordsOnATopicNeverAbortTheRead) {
    EmbeddedCluster c(3);
    const std::string bs = c.bootstrapServers();
    const std::string t = "bad-dlq";
    c.prepareTopic(t, 1);
    DlqEnvelope e;
    e.originalTopic = "orders";
    e.originalPartition = 1;
    e.originalKey = "k";
    e.originalValue = "v";
    e.errorName = "TOPIC_AUTHORIZATION_FAILED";
    e.errorClass = "permanent";
    e.errorCode = 29;
    e.failedAtMs = 1764353045000;
    const std::string full = e.toJsonText();
    std::string binary = {'\x00', '\xff', '\xfe', '\x01', '\x80'};
    std::string badUtf8Key = "key-\xc3\x28";
    // 0 truncated envelope, with the writer's headers
    produceRecord(bs, t, std::string("k"), full.substr(0, full.size() / 2), e.headers(), 0);
    // 1 binary value, no headers: a raw record
    produceRecord(bs, t, std::nullopt, binary, {}, 0);
    // 2 invalid UTF-8 key
    produceRecord(bs, t, badUtf8Key, std::string("hello"), {}, 0);
    // 3 envelope with wrong types
    produceRecord(bs, t, std::nullopt,
                  std::string(R"({"original_topic":"orders","original_partition":"x","attempts":"three","original_headers":5,"error_name":7})"),
                  {}, 0);
    // 4 Connect record missing its partition/offset headers
    produceRecord(bs, t, std::nullopt, std::string("x"), {{"__connect.errors.topic", "payments"}}, 0);
    // 5 Spring record with a 3-byte partition header
    produceRecord(bs, t, std::nullopt, std::string("x"),
                  {{"kafka_dlt-original-topic", "orders"}, {"kafka_dlt-original-partition", "\x01\x02\x03"}, {"kafka_dlt-original-offset", be64(5)}}, 0);
    // 6 envelope with bad base64
    produceRecord(bs, t, std::nullopt, std::string(R"({"original_topic":"orders","original_value":"!!!","original_value_encoding":"base64"})"), {}, 0);
    // 7 null value, no headers
    produceRecord(bs, t, std::string("tombstone"), std::nullopt, {}, 0);
    // 8 a JSON array, not an envelope
    produceRecord(bs, t, std::nullopt, std::string("[1,2,3]"), {}, 0);
    // 9 acklab headers but invalid JSON value
    produceRecord(bs, t, std::nullopt, std::string("\xff\xfe not json"), e.headers(), 0);

    auto r = readTopic(bs, t);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records.size(), 10u);
    const auto& v = r.records;
    for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].source.offset, static_cast<int64_t>(i));

    EXPECT_EQ(v[0].format, DlqFormat::AckLab);
    EXPECT_FALSE(v[0].ok());
    EXPECT_NE(v[0].parseError.find("not JSON"), std::string::npos) << v[0].parseError;
    EXPECT_EQ(v[0].errorName, "TOPIC_AUTHORIZATION_FAILED");  // from the headers
    EXPECT_EQ(v[0].originalTopic, "orders");
    EXPECT_EQ(v[0].originalPartition, 1);
    EXPECT_FALSE(v[0].value.has_value());

    EXPECT_EQ(v[1].format, DlqFormat::Raw);
    EXPECT_TRUE(v[1].ok());
    EXPECT_EQ(v[1].value, std::optional<std::string>(binary));
    EXPECT_EQ(DlqDisplay::show(v[1].value).encoding, "hex");

    EXPECT_EQ(v[2].key, std::optional<std::string>(badUtf8Key));
    EXPECT_EQ(DlqDisplay::cell(v[2].key).rfind("hex:", 0), 0u);
    EXPECT_FALSE(v[2].toJson().dump().empty());  // invalid UTF-8 goes out as base64, not an exception
    EXPECT_EQ(v[2].toJson()["original_key_encoding"], "base64");

    EXPECT_EQ(v[3].format, DlqFormat::AckLab);
    EXPECT_FALSE(v[3].ok());
    EXPECT_NE(v[3].parseError.find("original_partition"), std::string::npos) << v[3].parseError;
    EXPECT_NE(v[3].parseError.find("more"), std::string::npos) << v[3].parseError;
    EXPECT_EQ(v[3].originalTopic, "orders");

    EXPECT_EQ(v[4].format, DlqFormat::Connect);
    EXPECT_NE(v[4].parseError.find("__connect.errors.partition: missing"), std::string::npos) << v[4].parseError;

    EXPECT_EQ(v[5].format, DlqFormat::Spring);
    EXPECT_NE(v[5].parseError.find("kafka_dlt-original-partition"), std::string::npos) << v[5].parseError;
    EXPECT_EQ(v[5].originalOffset, 5);

    EXPECT_FALSE(v[6].ok());
    EXPECT_NE(v[6].parseError.find("base64"), std::string::npos) << v[6].parseError;

    EXPECT_EQ(v[7].format, DlqFormat::Raw);
    EXPECT_TRUE(v[7].ok());
    EXPECT_FALSE(v[7].value.has_value());

    EXPECT_EQ(v[8].format, DlqFormat::Raw);
    EXPECT_TRUE(v[8].ok());

    EXPECT_EQ(v[9].format, DlqFormat::AckLab);
    EXPECT_FALSE(v[9].ok());
    EXPECT_EQ(r.malformed(), 6u);
}

TEST(DlqReader, FiveMegabyteValueIsReadWholeAndShownCut) {
    EmbeddedCluster c(3);
    const std::string bs = c.bootstrapServers();
    c.prepareTopic("big-dlq", 1);
    std::string big(5'000'000, 'x');
    big[4'999'999] = '\xff';  // not valid UTF-8 at the very end
    ASSERT_GE(produceRecord(bs, "big-dlq", std::string("big"), big), 0);
    auto r = readTopic(bs, "big-dlq");
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records.size(), 1u);
    ASSERT_TRUE(r.records[0].value.has_value());
    EXPECT_EQ(r.records[0].value->size(), big.size());
    const auto shown = DlqDisplay::show(r.records[0].value, 256);
    EXPECT_TRUE(shown.truncated);
    EXPECT_EQ(shown.totalBytes, big.size());
    EXPECT_LT(shown.text.size(), 1000u);
    const auto all = DlqDisplay::show(r.records[0].value, DlqDisplay::kAll, DlqDisplay::Mode::Base64);
    EXPECT_FALSE(all.truncated);
    EXPECT_EQ(base64Decode(all.text), std::optional<std::string>(big));
}

TEST(DlqReader, MissingTopicIsAnEmptyDlqAndDeadClusterIsUnreachable) {
    EmbeddedCluster c(1, "");
    auto r = readTopic(c.bootstrapServers(), "no-such-dlq");
    EXPECT_TRUE(r.records.empty());
    EXPECT_FALSE(r.unreachable);

    DlqReaderOptions o;
    o.bootstrap = "127.0.0.1:1";
    o.timeoutMs = 1500;
    auto dead = DlqReader::readTopic(o);
    EXPECT_FALSE(dead.ok);
    EXPECT_TRUE(dead.unreachable) << dead.error;
}

TEST(DlqReader, JsonLinesFileWithEveryKindOfBadLine) {
    const auto path = std::filesystem::temp_directory_path() / ("acklab-dlq-lines-" + std::to_string(::getpid()) + ".jsonl");
    DlqEnvelope e;
    e.originalTopic = "orders";
    e.originalKey = std::string("\x01\x02\xff", 3);
    e.originalValue = "{\"id\":42}";
    e.originalHeaders = {{"acklab.seq", "7"}, {"bin", std::string("\x00\xff", 2)}};
    e.errorName = "MSG_SIZE_TOO_LARGE";
    e.errorClass = "permanent";
    e.failedAtMs = 1764353045123;
    e.attempts = 2;
    const std::string good = e.toJsonText();
    {
        std::ofstream out(path, std::ios::binary);
        out << good << "\n";                                      // 1 good
        out << "this is not json\n";                              // 2
        out << "\n";                                              // 3 blank: not a record
        out << "[1,2]\n";                                         // 4 not an envelope
        out << good.substr(0, good.size() - 10) << "\n";          // 5 truncated
        out << R"({"original_topic":5,"attempts":-3})" << "\n";   // 6 wrong types, negative attempts
        out << R"({"original_topic":"o","original_key":"%%%","original_key_encoding":"base64"})" << "\n";  // 7
        out << std::string("\xff\xfe\x00garbage\n", 11);          // 8 binary line
        out << "{\"original_topic\":\"o\",\"original_value\":\"" << std::string(5'000'000, 'v') << "\"}\n";  // 9 5 MB
        out << good << "\r\n";                                    // 10 CRLF
        out << good;                                              // 11 no final newline
    }
    auto r = DlqReader::readFile(path.string());
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records.size(), 10u);
    EXPECT_TRUE(r.records[0].ok()) << r.records[0].parseError;
    EXPECT_EQ(r.records[0].source.line, 1);
    EXPECT_EQ(r.records[0].key, e.originalKey);
    EXPECT_EQ(r.records[0].headers, e.originalHeaders);
    EXPECT_EQ(r.records[0].attempts, 2);
    EXPECT_EQ(r.records[0].failedAtMs, 1764353045123);
    EXPECT_NE(r.records[1].parseError.find("line 2: not JSON"), std::string::npos);
    EXPECT_EQ(r.records[2].source.line, 4);
    EXPECT_NE(r.records[2].parseError.find("not a DLQ envelope"), std::string::npos);
    EXPECT_FALSE(r.records[3].ok());
    EXPECT_NE(r.records[4].parseError.find("original_topic"), std::string::npos) << r.records[4].parseError;
    EXPECT_NE(r.records[4].parseError.find("attempts"), std::string::npos) << r.records[4].parseError;
    EXPECT_NE(r.records[5].parseError.find("base64"), std::string::npos);
    EXPECT_FALSE(r.records[6].ok());
    EXPECT_TRUE(r.records[7].ok());
    EXPECT_EQ(r.records[7].value->size(), 5'000'000u);
    EXPECT_TRUE(r.records[8].ok()) << r.records[8].parseError;  // CRLF
    EXPECT_TRUE(r.records[9].ok()) << r.records[9].parseError;
    EXPECT_EQ(r.malformed(), 6u);

    // Export and read back: the same records.
    std::vector<const DlqRecord*> ptrs;
    for (const auto& rec : r.records) ptrs.push_back(&rec);
    std::stringstream exported;
    DlqReader::readStream(exported, "empty");  // an empty stream is an empty DLQ
    std::ostringstream out;
    for (const auto* p : ptrs) out << p->toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    std::istringstream in(out.str());
    auto back = DlqReader::readStream(in, "exported");
    ASSERT_EQ(back.records.size(), r.records.size());
    EXPECT_EQ(back.records[0].key, r.records[0].key);
    EXPECT_EQ(back.records[0].headers, r.records[0].headers);
    EXPECT_EQ(back.records[0].errorName, "MSG_SIZE_TOO_LARGE");
    EXPECT_EQ(back.records[7].value, r.records[7].value);
    EXPECT_EQ(back.malformed(), r.malformed());  // parse errors travel with the export
    std::filesystem::remove(path);

    auto missing = DlqReader::readFile("/nonexistent/acklab/dlq.jsonl");
    EXPECT_TRUE(missing.ok);
    EXPECT_TRUE(missing.missing);
}

TEST(DlqReader, ParserIsTotalOverArbitraryBytes) {
    // Every prefix of a valid envelope, and some byte soup, as topic values and as file lines.
    DlqEnvelope e;
    e.originalTopic = "orders";
    e.originalValue = std::string("\x00\xff", 2);
    e.originalHeaders = {{"h", "v"}};
    const std::string text = e.toJsonText();
    for (size_t n = 0; n <= text.size(); ++n) {
        DlqRecord r;
        r.rawValue = text.substr(0, n);
        r.rawHeaders = e.headers();
        DlqRecordParser::parseKafkaRecord(r);
        EXPECT_EQ(r.format, DlqFormat::AckLab);
        EXPECT_EQ(r.ok(), n == text.size()) << n;
        auto line = DlqRecordParser::fromJsonLine(text.substr(0, n), "f", 1);
        EXPECT_EQ(line.ok(), n == text.size()) << n;
    }
    std::string soup;
    for (int i = 0; i < 256; ++i) soup += static_cast<char>(i);
    auto line = DlqRecordParser::fromJsonLine(soup, "f", 1);
    EXPECT_FALSE(line.ok());
}

TEST(DlqTail, DeliversExistingThenNewRecordsInBatches) {
    EmbeddedCluster c(3);
    const std::string bs = c.bootstrapServers();
    DlqWriterOptions wo;
    wo.bootstrap = bs;
    wo.fallbackPath = (std::filesystem::temp_directory_path() / "acklab-dlqtail-fallback.jsonl").string();
    auto writeSome = [&](int from, int n) {
        DlqWriter w(wo);
        for (int i = from; i < from + n; ++i) {
            DlqEnvelope e;
            e.originalTopic = "orders";
            e.originalKey = "k" + std::to_string(i);
            e.errorName = "TOPIC_AUTHORIZATION_FAILED";
            e.failedAtMs = nowEpochMs();
            w.write(e);
        }
        w.close(10'000);
        return w.toTopic();
    };
    ASSERT_EQ(writeSome(0, 3), 3u);

    std::mutex m;
    std::condition_variable cv;
    std::vector<DlqRecord> got;
    size_t batches = 0;
    DlqTailOptions o;
    o.topic.bootstrap = bs;
    o.pollMs = 50;
    DlqTail tail(o, [&](std::vector<DlqRecord> batch) {
        std::lock_guard lock(m);
        ++batches;
        for (auto& r : batch) got.push_back(std::move(r));
        cv.notify_all();
    });
    tail.start();
    auto waitFor = [&](size_t n) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(30), [&] { return got.size() >= n; });
    };
    ASSERT_TRUE(waitFor(3));
    ASSERT_EQ(writeSome(3, 2), 2u);
    ASSERT_TRUE(waitFor(5));
    tail.stop();
    std::lock_guard lock(m);
    EXPECT_EQ(got.size(), 5u);
    EXPECT_LE(batches, 5u);
    std::set<std::string> keys;
    for (const auto& r : got) keys.insert(r.key.value_or(""));
    EXPECT_EQ(keys.size(), 5u);
}

TEST(DlqTail, FollowsAGrowingFile) {
    const auto path = std::filesystem::temp_directory_path() / ("acklab-dlqtail-" + std::to_string(::getpid()) + ".jsonl");
    std::filesystem::remove(path);
    DlqWriterOptions wo;
    wo.topic = "";
    wo.fallbackPath = path.string();
    std::mutex m;
    std::condition_variable cv;
    std::vector<DlqRecord> got;
    DlqTailOptions o;
    o.file = path.string();
    o.pollMs = 20;
    o.refreshMs = 20;
    DlqTail tail(o, [&](std::vector<DlqRecord> batch) {
        std::lock_guard lock(m);
        for (auto& r : batch) got.push_back(std::move(r));
        cv.notify_all();
    });
    tail.start();  // before the file exists
    auto waitFor = [&](size_t n) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(20), [&] { return got.size() >= n; });
    };
    {
        DlqWriter w(wo);
        DlqEnvelope e;
        e.originalTopic = "orders";
        w.write(e);
        w.write(e);
    }
    ASSERT_TRUE(waitFor(2));
    {
        std::ofstream out(path, std::ios::app);
        out << "garbage line\n{\"original_topic\":\"o\"";  // the second line is not finished yet
    }
    ASSERT_TRUE(waitFor(3));
    {
        std::ofstream out(path, std::ios::app);
        out << "}\n";
    }
    ASSERT_TRUE(waitFor(4));
    tail.stop();
    std::lock_guard lock(m);
    EXPECT_FALSE(got[2].ok());
    EXPECT_TRUE(got[3].ok()) << got[3].parseError;
    EXPECT_EQ(got[3].source.line, 4);
    std::filesystem::remove(path);
}
