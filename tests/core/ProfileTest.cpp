// core/profile: property catalogue, ProducerProfile JSON and exports, the lesson's presets, and validation
// against the real librdkafka (2.0.2). No broker is involved anywhere here.
#include "profile/Presets.h"
#include "profile/ProducerProfile.h"
#include "profile/ProfileValidator.h"
#include "profile/PropertyCatalog.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

using namespace acklab;

namespace {

using Properties = std::vector<ProducerProfile::Property>;
using Severity = ValidationIssue::Severity;

std::filesystem::path tempPath(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("acklab-profile-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" + name);
}

std::string errorOf(const std::string& jsonText) {
    try {
        ProducerProfile::fromJsonText(jsonText);
    } catch (const ProfileError& e) {
        return e.what();
    }
    return "(no error)";
}

const ValidationIssue* findIssue(const ValidationResult& r, const std::string& key, Severity severity) {
    for (const auto& issue : r.issues)
        if (issue.key == key && issue.severity == severity) return &issue;
    return nullptr;
}

std::string effectiveValue(const ValidationResult& r, const std::string& key) {
    for (const auto& [k, v] : r.effective)
        if (k == key) return v;
    return "(absent)";
}

struct ConfDeleter {
    void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct TopicConfDeleter {
    void operator()(rd_kafka_topic_conf_t* c) const { rd_kafka_topic_conf_destroy(c); }
};

}  // namespace

// ---------------------------------------------------------------- catalogue

TEST(ProfileCatalog, CoversTheIssuesKeysInKnownGroups) {
    for (const char* key :
         {"bootstrap.servers", "client.id", "acks", "enable.idempotence", "max.in.flight.requests.per.connection",
          "retries", "retry.backoff.ms", "delivery.timeout.ms", "request.timeout.ms", "socket.timeout.ms",
          "reconnect.backoff.ms", "reconnect.backoff.max.ms", "linger.ms", "batch.size", "batch.num.messages",
          "compression.type", "queue.buffering.max.messages", "queue.buffering.max.kbytes", "message.max.bytes",
          "partitioner", "statistics.interval.ms", "security.protocol", "sasl.mechanism", "sasl.username",
          "sasl.password", "ssl.ca.location", "ssl.certificate.location", "ssl.key.location", "ssl.key.password",
          "sticky.partitioning.linger.ms", "topic.metadata.refresh.interval.ms", "debug"}) {
        const auto* info = findProperty(key);
        ASSERT_NE(info, nullptr) << key;
        EXPECT_EQ(info->key, key);
        EXPECT_FALSE(info->help.empty()) << key;
    }
    const auto& groups = propertyGroups();
    ASSERT_EQ(groups.size(), 5u);
    std::set<std::string> used;
    for (const auto& info : propertyCatalog()) {
        EXPECT_NE(std::find(groups.begin(), groups.end(), info.group), groups.end()) << info.key << " " << info.group;
        used.insert(info.group);
    }
    EXPECT_EQ(used.size(), groups.size());  // no empty group in the form
}

TEST(ProfileCatalog, AliasesFindTheCanonicalKey) {
    EXPECT_EQ(findProperty("message.timeout.ms")->key, "delivery.timeout.ms");
    EXPECT_EQ(findProperty("queue.buffering.max.ms")->key, "linger.ms");
    EXPECT_EQ(findProperty("compression.codec")->key, "compression.type");
    EXPECT_EQ(findProperty("sasl.mechanisms")->key, "sasl.mechanism");
    EXPECT_EQ(findProperty("request.required.acks")->key, "acks");
    EXPECT_EQ(findProperty("max.in.flight")->key, "max.in.flight.requests.per.connection");
    EXPECT_EQ(findProperty("socket.keepalive.enable"), nullptr);  // uncatalogued: passes through
}

// The catalogue's defaults are what librdkafka itself reports for a fresh configuration.
TEST(ProfileCatalog, DefaultsAreLibrdkafkasOwn) {
    std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
    std::unique_ptr<rd_kafka_topic_conf_t, TopicConfDeleter> topic(rd_kafka_topic_conf_new());
    for (const auto& info : propertyCatalog()) {
        char value[1024] = "";
        size_t size = sizeof value;
        rd_kafka_conf_res_t res = rd_kafka_conf_get(conf.get(), info.key.c_str(), value, &size);
        if (res == RD_KAFKA_CONF_UNKNOWN) {
            size = sizeof value;
            res = rd_kafka_topic_conf_get(topic.get(), info.key.c_str(), value, &size);
        }
        if (res != RD_KAFKA_CONF_OK) {
            // An unset string reads as unknown; setting it proves librdkafka knows the key.
            std::unique_ptr<rd_kafka_conf_t, ConfDeleter> scratch(rd_kafka_conf_new());
            char errstr[256];
            EXPECT_EQ(rd_kafka_conf_set(scratch.get(), info.key.c_str(), "", errstr, sizeof errstr), RD_KAFKA_CONF_OK)
                << info.key << ": " << errstr;
            value[0] = '\0';
        }
        EXPECT_EQ(info.defaultValue, value) << info.key;
    }
    EXPECT_EQ(findProperty("acks")->defaultValue, "-1");  // "all"
}

TEST(ProfileCatalog, SecretsAreMasked) {
    EXPECT_TRUE(isSecretKey("sasl.password"));
    EXPECT_TRUE(isSecretKey("ssl.key.password"));
    EXPECT_TRUE(isSecretKey("sasl.oauthbearer.client.secret"));  // uncatalogued, still a secret
    EXPECT_FALSE(isSecretKey("sasl.username"));
    EXPECT_EQ(maskedValue("sasl.password", "hunter2"), "********");
    EXPECT_EQ(maskedValue("acks", "all"), "all");
}

// ---------------------------------------------------------------- profile

TEST(ProfileProducerProfile, SetKeepsOrderAndStoresAliasesUnderTheCanonicalKey) {
    ProducerProfile p("p", {{"acks", "all"}, {"queue.buffering.max.ms", "7"}});
    p.set("batch.size", "100");
    p.set("linger.ms", "9");  // replaces queue.buffering.max.ms in place
    EXPECT_EQ(p.properties(), (Properties{{"acks", "all"}, {"linger.ms", "9"}, {"batch.size", "100"}}));
    EXPECT_EQ(p.get("queue.buffering.max.ms"), "9");
    p.remove("request.required.acks");
    EXPECT_FALSE(p.get("acks"));
}

TEST(ProfileProducerProfile, JsonRoundTripKeepsValuesAndOrder) {
    const auto p = ProducerProfile::fromJsonText(R"({
        "name": "mine", "note": "for \"tests\"",
        "properties": {"linger.ms": 5, "enable.idempotence": true, "acks": "all", "client.id": "x",
                       "sasl.password": "s3cret", "delivery.timeout.ms": 120000.0, "socket.keepalive.enable": false}
    })");
    EXPECT_EQ(p.name(), "mine");
    EXPECT_EQ(p.note(), "for \"tests\"");
    EXPECT_EQ(p.properties(), (Properties{{"linger.ms", "5"},
                                          {"enable.idempotence", "true"},
                                          {"acks", "all"},
                                          {"client.id", "x"},
                                          {"sasl.password", "s3cret"},
                                          {"delivery.timeout.ms", "120000"},
                                          {"socket.keepalive.enable", "false"}}));

    const auto again = ProducerProfile::fromJsonText(p.toJsonText());
    EXPECT_EQ(again.properties(), p.properties());
    EXPECT_EQ(again.note(), p.note());

    const auto file = tempPath("roundtrip.json");
    p.saveFile(file.string());
    const auto loaded = ProducerProfile::loadFile(file.string());
    std::filesystem::remove(file);
    EXPECT_EQ(loaded.name(), "mine");
    EXPECT_EQ(loaded.properties(), p.properties());  // secrets are saved, not masked

    const auto fromObject = ProducerProfile::fromJson(p.toJson());
    EXPECT_EQ(fromObject.get("sasl.password"), "s3cret");
}

TEST(ProfileProducerProfile, ToJsonMasksSecretsWhenAsked) {
    ProducerProfile p("p", {{"sasl.password", "hunter2"}, {"acks", "1"}});
    EXPECT_EQ(p.toJson(true)["properties"]["sasl.password"], "********");
    EXPECT_EQ(p.toJson(false)["properties"]["sasl.password"], "hunter2");
    EXPECT_EQ(p.toJson(true)["properties"]["acks"], "1");
    EXPECT_EQ(p.toJsonText(true).find("hunter2"), std::string::npos);
}

TEST(ProfileProducerProfile, BadFilesNameTheField) {
    EXPECT_EQ(errorOf(R"({"name":"p","properties":{"linger.ms":{"a":1}}})"),
              "properties.linger.ms: expected a string, number or boolean, found an object");
    EXPECT_EQ(errorOf(R"({"name":"p","properties":{"acks":[1]}})"),
              "properties.acks: expected a string, number or boolean, found an array");
    EXPECT_EQ(errorOf(R"({"name":"p","properties":{"acks":null}})"),
              "properties.acks: expected a string, number or boolean, found null");
    EXPECT_EQ(errorOf(R"({"properties":{}})"), "name: missing");
    EXPECT_EQ(errorOf(R"({"name":42})"), "name: expected a string, found 42");
    EXPECT_EQ(errorOf(R"({"name":""})"), "name: must not be empty");
    EXPECT_EQ(errorOf(R"({"name":"p","note":7})"), "note: expected a string, found 7");
    EXPECT_EQ(errorOf(R"({"name":"p","properties":[]})"), "properties: expected an object of key: value, found an array");
    const auto unknown = errorOf(R"({"name":"p","colour":"red","extra":1})");
    EXPECT_NE(unknown.find("unknown fields"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("colour"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("extra"), std::string::npos) << unknown;
    EXPECT_NE(errorOf("{not json").find("not valid JSON"), std::string::npos);
    EXPECT_EQ(errorOf("[1,2]"), "profile: expected a JSON object, found an array");

    const auto file = tempPath("bad.json");
    {
        std::ofstream out(file);
        out << R"({"name":"p","properties":{"batch.size":[]}})";
    }
    try {
        ProducerProfile::loadFile(file.string());
        FAIL() << "expected ProfileError";
    } catch (const ProfileError& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": properties.batch.size: expected a string, number or boolean, found an array");
    }
    std::filesystem::remove(file);
    EXPECT_THROW(ProducerProfile::loadFile(tempPath("missing.json").string()), ProfileError);
}

// ---------------------------------------------------------------- exports

TEST(ProfileExport, JavaPropertiesMaskSecretsByDefault) {
    ProducerProfile p("secure", {{"acks", "all"}, {"sasl.password", "hunter2"}, {"client.id", "a=b"}},
                      "line one\nline two");
    const auto masked = p.toJavaProperties();
    EXPECT_EQ(masked, "# AckLab producer profile: secure\n# line one\n# line two\n"
                      "acks=all\nsasl.password=********\nclient.id=a=b\n");
    EXPECT_NE(p.toJavaProperties(false).find("sasl.password=hunter2\n"), std::string::npos);
}

TEST(ProfileExport, PythonDictUsesPythonLiterals) {
    ProducerProfile p("py", {{"acks", "all"},
                             {"enable.idempotence", "true"},
                             {"max.in.flight.requests.per.connection", "5"},
                             {"linger.ms", "2.5"},
                             {"client.id", "it's \\ me"},
                             {"sasl.password", "hunter2"},
                             {"socket.keepalive.enable", "true"}});
    const auto py = p.toPythonDict();
    EXPECT_NE(py.find("config = {\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'acks': 'all',\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'enable.idempotence': True,\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'max.in.flight.requests.per.connection': 5,\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'linger.ms': 2.5,\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'client.id': 'it\\'s \\\\ me',\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'sasl.password': '********',\n"), std::string::npos) << py;
    EXPECT_NE(py.find("    'socket.keepalive.enable': 'true',\n"), std::string::npos) << py;  // uncatalogued: text
    EXPECT_EQ(py.find("hunter2"), std::string::npos);
    EXPECT_NE(p.toPythonDict(false).find("'sasl.password': 'hunter2'"), std::string::npos);

    // The export is a valid Python program whose dict is what confluent_kafka.Producer() takes.
    if (std::system("python3 -c 'pass' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not installed";
    const auto file = tempPath("config.py");
    {
        std::ofstream out(file);
        out << py << "assert config['enable.idempotence'] is True\n"
            << "assert config['max.in.flight.requests.per.connection'] == 5\n"
            << "assert config['client.id'] == \"it's \\\\ me\"\n";
    }
    EXPECT_EQ(std::system(("python3 " + file.string()).c_str()), 0) << py;
    std::filesystem::remove(file);
}

// ---------------------------------------------------------------- presets

TEST(ProfilePresets, HaveTheLessonsExactSettings) {
    const auto& presets = builtinPresets();
    ASSERT_EQ(presets.size(), 6u);
    EXPECT_EQ(presets[0].name(), "critical");
    EXPECT_EQ(presets[0].properties(), (Properties{{"client.id", "task-api-critical"}, {"acks", "all"}}));
    EXPECT_EQ(presets[1].name(), "analytics");
    EXPECT_EQ(presets[1].properties(), (Properties{{"client.id", "task-api-analytics"}, {"acks", "1"}}));
    EXPECT_EQ(presets[2].name(), "metrics");
    EXPECT_EQ(presets[2].properties(), (Properties{{"client.id", "task-api-metrics"}, {"acks", "0"}}));
    EXPECT_EQ(presets[3].name(), "production");
    EXPECT_EQ(presets[3].properties(), (Properties{{"client.id", "task-api"},
                                                   {"acks", "all"},
                                                   {"enable.idempotence", "true"},
                                                   {"max.in.flight.requests.per.connection", "5"},
                                                   {"retries", "2147483647"},
                                                   {"retry.backoff.ms", "100"},
                                                   {"delivery.timeout.ms", "120000"},
                                                   {"request.timeout.ms", "30000"},
                                                   {"linger.ms", "5"},
                                                   {"batch.size", "16384"},
                                                   {"compression.type", "lz4"}}));
    EXPECT_EQ(presets[4].name(), "at-least-once");
    EXPECT_EQ(presets[4].properties(),
              (Properties{{"acks", "all"}, {"enable.idempotence", "true"}, {"delivery.timeout.ms", "30000"}}));
    EXPECT_EQ(presets[5].name(), "transactional");
    EXPECT_EQ(presets[5].get("transactional.id"), "task-api-txn");
    EXPECT_EQ(presets[5].get("acks"), "all");
    for (const auto& p : presets) {
        EXPECT_FALSE(p.get("bootstrap.servers")) << p.name();  // the cluster supplies it
        EXPECT_FALSE(p.note().empty()) << p.name();
        EXPECT_TRUE(validateProfile(p).ok()) << p.name() << "\n" << validateProfile(p).summary();
    }
    EXPECT_NE(presets[0].note().find("audit logs"), std::string::npos);
    EXPECT_NE(presets[2].note().find("Fire and forget"), std::string::npos);
}

TEST(ProfilePresets, DataFilesMatchTheBuiltins) {
    for (const auto& preset : builtinPresets()) {
        const auto file = std::filesystem::path(ACKLAB_RESOURCES_DIR) / "presets" / (preset.name() + ".json");
        const auto loaded = ProducerProfile::loadFile(file.string());
        EXPECT_EQ(loaded.name(), preset.name());
        EXPECT_EQ(loaded.note(), preset.note());
        EXPECT_EQ(loaded.properties(), preset.properties()) << file;
    }
}

TEST(ProfilePresets, ResolveTakesANameOrAFile) {
    EXPECT_EQ(resolveProfile("metrics").get("acks"), "0");
    EXPECT_FALSE(findPreset("nope"));
    const auto file = tempPath("resolve.json");
    ProducerProfile("from-file", {{"acks", "1"}}).saveFile(file.string());
    EXPECT_EQ(resolveProfile(file.string()).name(), "from-file");
    std::filesystem::remove(file);
    try {
        resolveProfile("no-such-preset");
        FAIL() << "expected ProfileError";
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-preset"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("critical"), std::string::npos);  // says what exists
    }
}

// ---------------------------------------------------------------- validation (librdkafka 2.0.2 behaviour)

// The lesson's "WRONG" configuration.
TEST(ProfileValidation, IdempotenceWithTenInFlightIsRefusedWithLibrdkafkasText) {
    const auto r = validateProfile(ProducerProfile(
        "wrong", {{"enable.idempotence", "true"}, {"max.in.flight.requests.per.connection", "10"}}));
    EXPECT_FALSE(r.ok());
    const auto* issue = findIssue(r, "max.in.flight.requests.per.connection", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_NE(issue->message.find("`max.in.flight` must be set <= 5 when `enable.idempotence` is true"),
              std::string::npos)
        << issue->message;
    EXPECT_TRUE(r.effective.empty());  // rd_kafka_new refused: no producer to read
}

TEST(ProfileValidation, IdempotenceWithAcksZeroOrOneIsRefused) {
    for (const char* acks : {"0", "1"}) {
        const auto r = validateProfile(ProducerProfile("p", {{"enable.idempotence", "true"}, {"acks", acks}}));
        const auto* issue = findIssue(r, "acks", Severity::Error);
        ASSERT_NE(issue, nullptr) << r.summary();
        EXPECT_NE(issue->message.find("`acks` must be set to `all` when `enable.idempotence` is true"),
                  std::string::npos);
    }
}

TEST(ProfileValidation, IdempotenceWithZeroRetriesIsRefused) {
    const auto r = validateProfile(ProducerProfile("p", {{"enable.idempotence", "true"}, {"retries", "0"}}));
    const auto* issue = findIssue(r, "retries", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_NE(issue->message.find("`retries` must be set >= 1 when `enable.idempotence` is true"),
              std::string::npos);
}

TEST(ProfileValidation, BadEnumValueGivesLibrdkafkasText) {
    const auto r = validateProfile(ProducerProfile("p", {{"compression.type", "zip"}}));
    const auto* issue = findIssue(r, "compression.type", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_EQ(issue->message, "Invalid value \"zip\" for configuration property \"compression.codec\"");
}

TEST(ProfileValidation, AcksLibrdkafkaAcceptsButKafkaDoesNotIsCaught) {
    const auto r = validateProfile(ProducerProfile("p", {{"acks", "7"}}));  // librdkafka allows -1..1000
    ASSERT_NE(findIssue(r, "acks", Severity::Error), nullptr) << r.summary();
}

TEST(ProfileValidation, ReportsEveryProblemAtOnce) {
    const auto r = validateProfile(ProducerProfile("p", {{"enable.idempotence", "true"},
                                                         {"acks", "0"},
                                                         {"max.in.flight.requests.per.connection", "10"},
                                                         {"retries", "0"},
                                                         {"linger.ms", "-5"},
                                                         {"compression.type", "zip"},
                                                         {"made.up.key", "1"}}));
    for (const char* key : {"acks", "max.in.flight.requests.per.connection", "retries", "linger.ms",
                            "compression.type", "made.up.key"})
        EXPECT_NE(findIssue(r, key, Severity::Error), nullptr) << key << "\n" << r.summary();
    EXPECT_NE(findIssue(r, "linger.ms", Severity::Error)->message.find("outside allowed range 0..900000"),
              std::string::npos);
    // summary() has one "error: key: ..." line per issue
    EXPECT_NE(r.summary().find("error: retries: "), std::string::npos);
}

TEST(ProfileValidation, EffectiveConfigShowsLibrdkafkasAdjustments) {
    // max.in.flight left unset with idempotence: librdkafka lowers its default 1000000 to 5.
    auto r = validateProfile(ProducerProfile("p", {{"enable.idempotence", "true"}}));
    EXPECT_TRUE(r.ok()) << r.summary();
    EXPECT_EQ(effectiveValue(r, "max.in.flight.requests.per.connection"), "5");
    EXPECT_EQ(effectiveValue(r, "acks"), "-1");
    EXPECT_EQ(effectiveValue(r, "retries"), "2147483647");
    EXPECT_NE(findIssue(r, "max.in.flight.requests.per.connection", Severity::Info), nullptr) << r.summary();

    // delivery.timeout.ms below linger.ms (unset): librdkafka lowers linger.ms under it.
    r = validateProfile(ProducerProfile("p", {{"delivery.timeout.ms", "3"}}));
    EXPECT_TRUE(r.ok()) << r.summary();
    EXPECT_EQ(effectiveValue(r, "linger.ms"), "2.9");
    EXPECT_NE(findIssue(r, "linger.ms", Severity::Info), nullptr) << r.summary();

    // ... but refuses when linger.ms was set explicitly (rd_kafka_new's cross-key check, attributed to a key).
    r = validateProfile(ProducerProfile("p", {{"delivery.timeout.ms", "3"}, {"linger.ms", "10"}}));
    const auto* issue = findIssue(r, "delivery.timeout.ms", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_EQ(issue->message, "`message.timeout.ms` must be greater than `linger.ms`");

    // Presets' effective values, catalogue order, secrets masked.
    r = validateProfile(*findPreset("production"));
    EXPECT_EQ(effectiveValue(r, "compression.type"), "lz4");
    EXPECT_EQ(effectiveValue(r, "delivery.timeout.ms"), "120000");
    EXPECT_EQ(effectiveValue(r, "client.id"), "task-api");
    EXPECT_EQ(r.effective.front().first, propertyCatalog().front().key);
}

TEST(ProfileValidation, CrossKeyRefusalIsAttributedToTheKeyItNames) {
    const auto r = validateProfile(ProducerProfile("p", {{"reconnect.backoff.max.ms", "5"}}));
    const auto* issue = findIssue(r, "reconnect.backoff.max.ms", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_EQ(issue->message, "`reconnect.backoff.max.ms` must be >= `reconnect.max.ms`");
}

TEST(ProfileValidation, UnknownKeysPassThroughToLibrdkafka) {
    auto r = validateProfile(ProducerProfile("p", {{"socket.keepalive.enable", "true"}}));
    EXPECT_TRUE(r.ok()) << r.summary();
    EXPECT_EQ(effectiveValue(r, "socket.keepalive.enable"), "true");

    r = validateProfile(ProducerProfile("p", {{"made.up.key", "1"}}));
    const auto* issue = findIssue(r, "made.up.key", Severity::Error);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_EQ(issue->message, "No such configuration property: \"made.up.key\"");
    EXPECT_EQ(effectiveValue(r, "made.up.key"), "(absent)");
}

TEST(ProfileValidation, LibrdkafkaConfigurationWarningsAreReported) {
    const auto r = validateProfile(ProducerProfile("p", {{"fetch.min.bytes", "5"}}));
    EXPECT_TRUE(r.ok()) << r.summary();
    const auto* issue = findIssue(r, "fetch.min.bytes", Severity::Warning);
    ASSERT_NE(issue, nullptr) << r.summary();
    EXPECT_NE(issue->message.find("is a consumer property and will be ignored by this producer instance"),
              std::string::npos);
}

TEST(ProfileValidation, SecretsNeverAppear) {
    const auto r = validateProfile(ProducerProfile(
        "p", {{"bootstrap.servers", "broker.example:9093"}, {"sasl.password", "hunter2"}, {"acks", "all"}}));
    EXPECT_EQ(effectiveValue(r, "sasl.password"), "********");
    EXPECT_EQ(effectiveValue(r, "bootstrap.servers"), "broker.example:9093");
    EXPECT_EQ(r.summary().find("hunter2"), std::string::npos);
    for (const auto& [k, v] : r.effective) EXPECT_EQ(v.find("hunter2"), std::string::npos) << k;
}

TEST(ProfileValidation, NoCrashOnOddInput) {
    const std::string longValue(100000, 'x');
    for (const auto& props : std::vector<Properties>{
             {{"", ""}},
             {{"acks", ""}},
             {{"linger.ms", "1e999"}},
             {{"client.id", longValue}},
             {{"debug", "all"}, {"enable.idempotence", "maybe"}},
             {{"transactional.id", "t"}, {"enable.idempotence", "false"}},
             {{"log_cb", "x"}, {"opaque", "y"}},
             {{"max.in.flight.requests.per.connection", "99999999999999999999"}},
             {{std::string("a\0b", 3), std::string("\xff\xfe", 2)}},
         }) {
        const auto r = validateProfile(ProducerProfile("odd", props));
        (void)r.summary();
    }
    EXPECT_EQ(errorOf(std::string("{\"name\":\"\xff\"}")).empty(), false);
}
