// JSON numbers from files people write: whole numbers where counts belong, in range, and every problem at once.
#include "common/JsonNumber.h"
#include "profile/ProducerProfile.h"
#include "scenario/Scenario.h"
#include "traffic/TrafficSpec.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace acklab;
using nlohmann::json;

namespace {

std::vector<std::string> trafficProblems(const std::string& text) {
    try {
        TrafficSpec::fromJson(json::parse(text));
    } catch (const TrafficSpecError& e) {
        return e.problems();
    }
    return {};
}

bool mentions(const std::vector<std::string>& ps, const std::string& s) {
    return std::any_of(ps.begin(), ps.end(), [&](const std::string& p) { return p.find(s) != std::string::npos; });
}

std::string dump(const std::vector<std::string>& ps) {
    std::string out;
    for (const auto& p : ps) out += "\n  " + p;
    return out;
}

}  // namespace

TEST(JsonNumber, WholeNumbersInRangeOnly) {
    std::string why;
    EXPECT_EQ(jsonInteger(json::parse("42"), 0, 100, why), 42);
    EXPECT_EQ(jsonInteger(json::parse("5.0"), 0, 100, why), 5) << "an integral float is a whole number";
    EXPECT_EQ(jsonInteger(json::parse("1e3"), 0, 1000, why), 1000);
    EXPECT_FALSE(jsonInteger(json::parse("2.7"), 0, 100, why));
    EXPECT_EQ(why, "expected a whole number, found 2.7000000000000002");
    EXPECT_FALSE(jsonInteger(json::parse("1e20"), 0, 100, why));
    EXPECT_EQ(why, "1e+20 is out of range (0 to 100)");
    EXPECT_FALSE(jsonInteger(json::parse("-1"), 0, 100, why));
    EXPECT_EQ(why, "-1 is out of range (0 to 100)");
    EXPECT_FALSE(jsonInteger(json::parse("18446744073709551615"), 0, INT64_MAX, why)) << "above int64";
    EXPECT_NE(why.find("out of range"), std::string::npos) << why;
    EXPECT_FALSE(jsonInteger(json::parse("-1e300"), INT64_MIN, INT64_MAX, why));
    EXPECT_FALSE(jsonInteger(json::parse("\"7\""), 0, 100, why));
    EXPECT_EQ(why, "expected a whole number, found a string");
    EXPECT_FALSE(jsonInteger(json::parse("null"), 0, 100, why));
    EXPECT_FALSE(jsonInteger(json::parse("true"), 0, 100, why));
}

TEST(JsonNumber, FractionsAndRanges) {
    std::string why;
    EXPECT_DOUBLE_EQ(*jsonNumber(json::parse("2.5"), 0, 10, why), 2.5);
    EXPECT_FALSE(jsonNumber(json::parse("1e308"), 0, 10, why));
    EXPECT_FALSE(jsonNumber(json::parse("-0.5"), 0, 10, why));
    EXPECT_FALSE(jsonNumber(json::parse("[1]"), 0, 10, why));
    EXPECT_EQ(why, "expected a number, found an array");
}

TEST(JsonNumber, NonFiniteAndHugeTextsAreRefusedByTheParser) {
    // JSON has no NaN or Infinity; a literal beyond double's range is a parse error, not an infinity.
    EXPECT_THROW(json::parse("NaN"), json::parse_error);
    EXPECT_THROW(json::parse("Infinity"), json::parse_error);
    EXPECT_ANY_THROW(json::parse("1e400"));
    EXPECT_THROW(Scenario::fromJsonText(R"({"name":"x","profiles":["critical"],"traffic":{"messages":1e400}})"),
                 ScenarioError);
    EXPECT_THROW(ProducerProfile::fromJsonText(R"({"name":"p","properties":{"linger.ms":-1e400}})"), ProfileError);
}

TEST(JsonNumber, PropertyTextKeepsWholeNumbersIntegral) {
    EXPECT_EQ(jsonPropertyText(json::parse("5.0")), "5");
    EXPECT_EQ(jsonPropertyText(json::parse("2.5")), "2.5");
    EXPECT_EQ(jsonPropertyText(json::parse("1e20")), "1e+20");
    EXPECT_EQ(jsonPropertyText(json::parse("true")), "true");
    EXPECT_FALSE(jsonPropertyText(json::parse("null")));
}

TEST(TrafficJson, FractionalCountIsRefusedNotTruncated) {
    const auto ps = trafficProblems(R"({"partitions": 2.7})");
    ASSERT_EQ(ps.size(), 1u) << dump(ps);
    EXPECT_EQ(ps[0], "traffic.partitions: expected a whole number, found 2.7000000000000002");
}

TEST(TrafficJson, HugeAndNegativeNumbersNameTheirRange) {
    const auto ps = trafficProblems(R"({"messages": 1e20, "size": -1, "partitions": 18446744073709551615,
                                        "key_space": 1e300, "rate": 1e300, "duration": -3})");
    EXPECT_TRUE(mentions(ps, "traffic.messages: 1e+20 is out of range (1 to 10000000000)")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.size: -1 is out of range (0 to 104857600)")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.partitions: 18446744073709551615 is out of range")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.key_space: 1.0000000000000001e+300 is out of range")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.rate: 1.0000000000000001e+300 is out of range")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.duration: -3 is out of range")) << dump(ps);
    EXPECT_EQ(ps.size(), 6u) << "every problem once, all at once" << dump(ps);
}

TEST(TrafficJson, EveryProblemAtOnceIncludingRangeChecks) {
    const auto ps = trafficProblems(R"({"topic": "bad topic!", "colour": 1, "keys": "alphabetical",
                                        "partitions": "3"})");
    EXPECT_TRUE(mentions(ps, "traffic.colour: unknown field")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.keys: 'alphabetical'")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.partitions: expected a whole number, found a string")) << dump(ps);
    EXPECT_TRUE(mentions(ps, "traffic.topic: 'bad topic!'")) << dump(ps);
    EXPECT_EQ(ps.size(), 4u) << dump(ps);
}

TEST(TrafficJson, GoodDocumentRoundTrips) {
    TrafficSpec t = TrafficSpec::fromJson(json::parse(R"({"partitions": 4.0, "messages": 1e3, "duration": 1.5,
                                                          "rate": 250.5, "keys": "random", "key_space": 10})"));
    EXPECT_EQ(t.partitions, 4);
    EXPECT_EQ(t.messages, 1000);
    EXPECT_EQ(t.durationMs, 1500);
    EXPECT_DOUBLE_EQ(t.rate, 250.5);
    EXPECT_EQ(TrafficSpec::fromJson(t.toJson()).toJson(), t.toJson());
}

TEST(ProfileJson, EveryProblemAtOnce) {
    try {
        ProducerProfile::fromJsonText(R"({"name": 3, "note": [], "colour": "red",
                                          "properties": {"acks": null, "linger.ms": 5.0, "retries": {}}})");
        FAIL() << "expected ProfileError";
    } catch (const ProfileError& e) {
        const auto& ps = e.problems();
        EXPECT_TRUE(mentions(ps, "unknown field: colour")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "name: expected a string, found 3")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "note: expected a string, found an array")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "properties.acks: expected a string, number or boolean, found null")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "properties.retries: expected a string, number or boolean, found an object")) << dump(ps);
        EXPECT_EQ(ps.size(), 5u) << dump(ps);
    }
}

TEST(ScenarioJson, TrafficAndNumbersReportEveryProblemAtItsPath) {
    try {
        Scenario::fromJsonText(R"({"name": "x", "profiles": ["critical"], "repeat": 2.5,
                                   "cluster": {"kind": "embedded", "brokers": 1e20},
                                   "traffic": {"messages": 2.7, "rate": -1, "size": 1e20}})");
        FAIL() << "expected ScenarioError";
    } catch (const ScenarioError& e) {
        const auto& ps = e.problems();
        EXPECT_TRUE(mentions(ps, "repeat: expected a whole number, found 2.5")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "cluster.brokers: 1e+20 is out of range (1 to 32)")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "traffic.messages: expected a whole number, found 2.7")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "traffic.rate: -1 is out of range")) << dump(ps);
        EXPECT_TRUE(mentions(ps, "traffic.size: 1e+20 is out of range")) << dump(ps);
        EXPECT_EQ(ps.size(), 5u) << dump(ps);
    }
}
