// One way to create librdkafka clients: every refused property is named, and a refused configuration is freed
// (the leak shows under the asan preset's LeakSanitizer if it is not).
#include "common/RdKafka.h"
#include "dlq/DlqWriter.h"
#include "traffic/ProducerRun.h"

#include <gtest/gtest.h>

using namespace acklab;

TEST(ClientCreation, NamesEveryRefusedProperty) {
    std::vector<std::string> problems;
    auto rk = createClient(RD_KAFKA_PRODUCER, {{"linger.ms", "soon"}, {"acks", "many"}, {"client.id", "ok"}},
                           nullptr, problems);
    EXPECT_FALSE(rk);
    ASSERT_EQ(problems.size(), 2u) << joinProblems(problems);
    EXPECT_EQ(problems[0].rfind("linger.ms: ", 0), 0u) << problems[0];
    EXPECT_EQ(problems[1].rfind("acks: ", 0), 0u) << problems[1];
}

TEST(ClientCreation, CrossKeyRefusalIsReportedAndTheConfIsFreed) {
    std::vector<std::string> problems;
    bool setupRan = false;
    auto rk = createClient(RD_KAFKA_PRODUCER, {{"enable.idempotence", "true"}, {"acks", "1"}},
                           [&](rd_kafka_conf_t*) { setupRan = true; }, problems);
    EXPECT_FALSE(rk);
    EXPECT_TRUE(setupRan);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("acks"), std::string::npos) << problems[0];
}

TEST(ClientCreation, GoodConfigurationGivesAClient) {
    std::vector<std::string> problems;
    auto rk = createClient(RD_KAFKA_PRODUCER, {{"client.id", "acklab-test"}, {"bootstrap.servers", "127.0.0.1:1"}},
                           [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
    EXPECT_TRUE(rk);
    EXPECT_TRUE(problems.empty()) << joinProblems(problems);
}

// A key given twice takes its last value, and only that one is handed to librdkafka: an overridden value it would
// refuse is no problem, a last value it refuses is named.
TEST(ClientCreation, AKeyGivenTwiceTakesItsLastValueOnly) {
    std::vector<std::string> problems;
    auto rk = createClient(RD_KAFKA_PRODUCER, {{"linger.ms", "soon"}, {"client.id", "acklab-test"}, {"linger.ms", "7"}},
                           [](rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, discardLog); }, problems);
    ASSERT_TRUE(rk) << joinProblems(problems);
    char value[32] = {0};
    size_t size = sizeof value;
    ASSERT_EQ(rd_kafka_conf_get(rd_kafka_conf(rk.get()), "linger.ms", value, &size), RD_KAFKA_CONF_OK);
    EXPECT_STREQ(value, "7");

    auto refused = createClient(RD_KAFKA_PRODUCER, {{"linger.ms", "7"}, {"linger.ms", "soon"}}, nullptr, problems);
    EXPECT_FALSE(refused);
    ASSERT_EQ(problems.size(), 1u) << joinProblems(problems);
    EXPECT_EQ(problems[0].rfind("linger.ms: ", 0), 0u) << problems[0];
}

TEST(ClientCreation, ProducerRunNamesEveryRefusedProperty) {
    RunOptions o;
    o.bootstrap = "127.0.0.1:1";
    o.profile = ProducerProfile("bad", {{"linger.ms", "soon"}, {"batch.size", "big"}});
    o.dlqTopic.clear();
    try {
        ProducerRun run(o);
        FAIL() << "expected RunError";
    } catch (const RunError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("linger.ms: "), std::string::npos) << what;
        EXPECT_NE(what.find("batch.size: "), std::string::npos) << what;
    }
}

TEST(ClientCreation, DlqWriterWithARefusedPropertyFallsBackToTheFileAndSaysWhy) {
    DlqWriterOptions o;
    o.bootstrap = "127.0.0.1:1";
    o.clientProperties = {{"security.protocol", "carrier-pigeon"}};
    o.fallbackPath = ::testing::TempDir() + "acklab-client-creation-dlq.jsonl";
    std::remove(o.fallbackPath.c_str());
    DlqWriter w(o);
    EXPECT_NE(w.lastError().find("security.protocol"), std::string::npos) << w.lastError();
    DlqEnvelope e;
    e.originalTopic = "t";
    e.error = "x";
    w.write(e);
    EXPECT_EQ(w.toFile(), 1u);
    EXPECT_EQ(w.toTopic(), 0u);
    EXPECT_EQ(w.callbackErrors(), 0u);
    std::remove(o.fallbackPath.c_str());
}
