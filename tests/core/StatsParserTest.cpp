#include "metrics/StatsParser.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using acklab::parseStatistics;

namespace {

// A real statistics JSON from librdkafka 2.0.2 against its mock cluster (1 broker, statistics.interval.ms
// 100, traffic flowing); generator: tests/core/data/gen-stats-sample.cpp.
std::string readSample() {
    // Not __FILE__: with ccache's base_dir it is relative to the build folder, not to where the test runs.
    const auto path = std::filesystem::path(ACKLAB_TEST_DATA_DIR) / "stats-sample.json";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(StatsParser, ParsesRealLibrdkafkaSample) {
    const std::string text = readSample();
    ASSERT_FALSE(text.empty()) << "missing tests/core/data/stats-sample.json";
    const auto raw = nlohmann::json::parse(text);
    const auto stats = parseStatistics(text);
    ASSERT_TRUE(stats.valid) << stats.error;
    EXPECT_TRUE(stats.error.empty());
    EXPECT_EQ(stats.timestampUs, raw["ts"].get<int64_t>());
    EXPECT_EQ(stats.msgCount, raw["msg_cnt"].get<int64_t>());
    EXPECT_EQ(stats.msgSize, raw["msg_size"].get<int64_t>());
    EXPECT_EQ(stats.txMsgs, raw["txmsgs"].get<int64_t>());
    EXPECT_GT(stats.txMsgs, 0);

    ASSERT_EQ(stats.brokers.size(), 1u);
    const auto& b = stats.brokers.front();
    const auto& rb = raw["brokers"][b.name];
    ASSERT_TRUE(rb.is_object()) << b.name;
    EXPECT_EQ(b.nodeId, 1);
    EXPECT_EQ(b.state, "UP");
    EXPECT_DOUBLE_EQ(b.rttAvgMs, rb["rtt"]["avg"].get<double>() / 1000.0);
    EXPECT_DOUBLE_EQ(b.rttP99Ms, rb["rtt"]["p99"].get<double>() / 1000.0);
    EXPECT_DOUBLE_EQ(b.intLatencyAvgMs, rb["int_latency"]["avg"].get<double>() / 1000.0);
    EXPECT_DOUBLE_EQ(b.intLatencyP99Ms, rb["int_latency"]["p99"].get<double>() / 1000.0);
    EXPECT_DOUBLE_EQ(b.outbufLatencyAvgMs, rb["outbuf_latency"]["avg"].get<double>() / 1000.0);
    EXPECT_DOUBLE_EQ(b.outbufLatencyP99Ms, rb["outbuf_latency"]["p99"].get<double>() / 1000.0);
    EXPECT_GT(b.rttAvgMs, 0.0);  // the sample was taken while traffic flowed
    EXPECT_GT(b.intLatencyAvgMs, 0.0);
    EXPECT_EQ(b.txRetries, rb["txretries"].get<int64_t>());
    EXPECT_EQ(b.txErrors, rb["txerrs"].get<int64_t>());
    EXPECT_EQ(b.reqTimeouts, rb["req_timeouts"].get<int64_t>());
    EXPECT_EQ(b.waitResp, rb["waitresp_cnt"].get<int64_t>());
    EXPECT_EQ(stats.totalRetries, b.txRetries);
}

TEST(StatsParser, SkipsBootstrapEntriesAndSumsRetries) {
    auto raw = nlohmann::json::parse(readSample());
    ASSERT_TRUE(raw.contains("brokers"));
    const auto real = raw["brokers"].begin().value();
    auto second = real;
    second["name"] = "127.0.0.1:9093/2";
    second["nodeid"] = 2;
    second["txretries"] = 5;
    auto first = real;
    first["txretries"] = 2;
    auto bootstrap = real;
    bootstrap["name"] = "localhost:9092/bootstrap";
    bootstrap["nodeid"] = -1;
    bootstrap["txretries"] = 100;
    raw["brokers"] = {{"127.0.0.1:9093/2", second},
                      {"localhost:9092/bootstrap", bootstrap},
                      {real["name"].get<std::string>(), first},
                      {":0/internal", {{"name", ":0/internal"}, {"nodeid", -1}, {"state", "UP"}}}};

    const auto stats = parseStatistics(raw.dump());
    ASSERT_TRUE(stats.valid) << stats.error;
    ASSERT_EQ(stats.brokers.size(), 2u);
    EXPECT_EQ(stats.brokers[0].nodeId, 1);  // ordered by node id
    EXPECT_EQ(stats.brokers[1].nodeId, 2);
    EXPECT_EQ(stats.brokers[1].name, "127.0.0.1:9093/2");
    EXPECT_EQ(stats.totalRetries, 7);
}

TEST(StatsParser, MissingOrOddFieldsReadAsZero) {
    const auto stats = parseStatistics(
        R"({"ts": 12.5e3, "msg_cnt": "lots", "txmsgs": 1e300,
            "brokers": {"b/3": {"nodeid": 3, "rtt": {"avg": 2500}, "int_latency": 7, "outbuf_latency": {"p99": null},
                        "txretries": -1},
                        "junk": 42}})");
    ASSERT_TRUE(stats.valid) << stats.error;
    EXPECT_EQ(stats.timestampUs, 12500);
    EXPECT_EQ(stats.msgCount, 0);
    EXPECT_EQ(stats.txMsgs, 0);
    ASSERT_EQ(stats.brokers.size(), 1u);
    const auto& b = stats.brokers[0];
    EXPECT_EQ(b.name, "b/3");  // the key, when "name" is missing
    EXPECT_EQ(b.nodeId, 3);
    EXPECT_DOUBLE_EQ(b.rttAvgMs, 2.5);
    EXPECT_EQ(b.rttP99Ms, 0.0);
    EXPECT_EQ(b.intLatencyAvgMs, 0.0);
    EXPECT_EQ(b.outbufLatencyP99Ms, 0.0);
    EXPECT_EQ(b.state, "");
}

TEST(StatsParser, MalformedInputIsInvalidWithAReason) {
    const std::string sample = readSample();
    for (const std::string& bad : {std::string(), std::string("   "), std::string("{"), std::string("[1,2]"),
                                  std::string("null"), std::string("42"), std::string("\"ts\""),
                                  std::string(R"({"msg_cnt": 1})"), std::string(R"({"ts": "yesterday"})"),
                                  std::string(R"({"ts": 1, "brokers": [1, 2]})"), sample.substr(0, sample.size() / 2),
                                  std::string("{\"ts\": 1, \"x\": \"\xff\xfe\"}"), std::string("\0\0\0", 3)}) {
        const auto stats = parseStatistics(bad);
        EXPECT_FALSE(stats.valid) << bad.substr(0, 60);
        EXPECT_FALSE(stats.error.empty()) << bad.substr(0, 60);
        EXPECT_TRUE(stats.brokers.empty());
    }
}

TEST(StatsParser, DeeplyNestedGarbageDoesNotCrash) {
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    EXPECT_FALSE(parseStatistics(deep).valid);
    const std::string deepObject = R"({"ts":1,"brokers":{"a":)" + std::string(50'000, '[') +
                                   std::string(50'000, ']') + "}}";
    const auto stats = parseStatistics(deepObject);
    EXPECT_TRUE(stats.valid) << stats.error;
    EXPECT_TRUE(stats.brokers.empty());
}
