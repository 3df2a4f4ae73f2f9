// Showing arbitrary bytes safely, and the filters.
#include "dlq/DlqDisplay.h"
#include "dlq/DlqFilter.h"

#include <gtest/gtest.h>

using namespace acklab;

TEST(DlqDisplay, TextHexBase64AndTruncation) {
    auto d = DlqDisplay::show(std::optional<std::string>("hello"));
    EXPECT_EQ(d.text, "hello");
    EXPECT_EQ(d.encoding, "utf8");
    EXPECT_FALSE(d.truncated);
    EXPECT_EQ(DlqDisplay::show(std::optional<std::string>()).encoding, "null");

    const std::string bin("\x00\xff\x10", 3);
    d = DlqDisplay::show(std::string_view(bin));
    EXPECT_EQ(d.encoding, "hex");
    EXPECT_EQ(d.text, "00 ff 10");
    EXPECT_EQ(DlqDisplay::show(std::string_view(bin), 256, DlqDisplay::Mode::Base64).text, "AP8Q");
    EXPECT_EQ(DlqDisplay::show(std::string_view(bin), 256, DlqDisplay::Mode::Text).encoding, "hex");  // never raw bytes

    d = DlqDisplay::show(std::string_view("abcdef"), 3);
    EXPECT_EQ(d.text, "abc");
    EXPECT_TRUE(d.truncated);
    EXPECT_EQ(d.totalBytes, 6u);
    EXPECT_FALSE(DlqDisplay::show(std::string_view("abcdef"), DlqDisplay::kAll).truncated);
}

TEST(DlqDisplay, CutsOnCharacterBoundariesAndEscapesControls) {
    const std::string s = "aé€😀";  // 1 + 2 + 3 + 4 bytes
    for (size_t limit = 0; limit <= s.size(); ++limit) {
        const auto d = DlqDisplay::show(std::string_view(s), limit);
        EXPECT_EQ(d.encoding, "utf8");
        EXPECT_LE(d.text.size(), limit);
        EXPECT_EQ(s.rfind(d.text, 0), 0u);
    }
    EXPECT_EQ(DlqDisplay::show(std::string_view(s), 2).text, "a");
    EXPECT_EQ(DlqDisplay::show(std::string_view("a\nb\tc\x01"), 256, DlqDisplay::Mode::Auto, true).text, "a\\nb\\tc\\x01");
    EXPECT_EQ(DlqDisplay::cell(std::optional<std::string>(std::string(100, 'x')), 10), std::string(10, 'x') + "…");
    EXPECT_EQ(DlqDisplay::cell(std::optional<std::string>(std::string("\xff", 1))), "hex:ff");
}

TEST(DlqDisplay, PrettyJson) {
    auto d = DlqDisplay::show(std::optional<std::string>(R"({"a":1,"b":[1,2]})"), 4096, DlqDisplay::Mode::PrettyJson);
    EXPECT_EQ(d.encoding, "json");
    EXPECT_NE(d.text.find("\n  \"a\": 1"), std::string::npos) << d.text;
    d = DlqDisplay::show(std::optional<std::string>("{broken"), 4096, DlqDisplay::Mode::PrettyJson);
    EXPECT_EQ(d.encoding, "utf8");
    d = DlqDisplay::show(std::optional<std::string>("42"), 4096, DlqDisplay::Mode::PrettyJson);
    EXPECT_EQ(d.encoding, "utf8");  // scalars are shown as they are
}

TEST(DlqFilter, MatchesTextErrorTopicAndTime) {
    DlqRecord r;
    r.originalTopic = "orders";
    r.key = "Order-42";
    r.value = std::string("\x00payload\xff", 9);
    r.errorName = "UNKNOWN_TOPIC_OR_PARTITION";
    r.errorMessage = "Broker: Unknown topic or partition";
    r.failedAtMs = 1764353045123;  // 2025-11-28T18:04:05.123Z

    DlqFilter f;
    EXPECT_TRUE(f.empty());
    EXPECT_TRUE(f.matches(r));
    f.text = "order-42";
    EXPECT_TRUE(f.matches(r));
    f.text = "PAYLOAD";  // inside binary bytes
    EXPECT_TRUE(f.matches(r));
    f.text = "unknown topic";
    EXPECT_TRUE(f.matches(r));
    f.text = "nope";
    EXPECT_FALSE(f.matches(r));
    f = {};
    f.errorName = "unknown_topic_or_part";
    EXPECT_TRUE(f.matches(r));
    f.errorName = "3";  // a code is not a name
    EXPECT_FALSE(f.matches(r));
    f = {};
    f.originalTopic = "payments";
    EXPECT_FALSE(f.matches(r));
    f = {};
    f.sinceMs = DlqFilter::parseTime("2025-11-28T18:04:05.123Z");
    f.untilMs = DlqFilter::parseTime("2025-11-28T18:04", true);
    EXPECT_TRUE(f.matches(r));
    f.sinceMs = DlqFilter::parseTime("2025-11-28T18:04:06Z");
    EXPECT_FALSE(f.matches(r));
}

TEST(DlqFilter, ParseTime) {
    EXPECT_EQ(DlqFilter::parseTime("2025-11-28T18:04:05.123Z"), 1764353045123);
    EXPECT_EQ(DlqFilter::parseTime("2025-11-28T18:04:05Z"), 1764353045000);
    EXPECT_EQ(DlqFilter::parseTime("2025-11-28 18:04:05"), 1764353045000);
    EXPECT_EQ(DlqFilter::parseTime("2025-11-28"), 1764288000000);
    EXPECT_EQ(DlqFilter::parseTime("2025-11-28", true), 1764288000000 + 86'400'000 - 1);
    EXPECT_EQ(DlqFilter::parseTime("1764353045123"), 1764353045123);
    for (const char* bad : {"", "yesterday", "2025-13-01", "2025-11-28T25:00", "2025-11-28T18:04:05+02:00", "2025-1-2"})
        EXPECT_FALSE(DlqFilter::parseTime(bad).has_value()) << bad;
}
