// The one ISO-8601 reader (DLQ filters, DLQ record times) and the one DLQ record text (CLI and window).
#include "common/Encoding.h"
#include "dlq/DlqRecordText.h"

#include <gtest/gtest.h>

using namespace acklab;

TEST(IsoTime, ReadsEveryPrecisionAndGivesItsPeriod) {
    int64_t period = 0;
    EXPECT_EQ(parseIsoTimeMs("2025-11-28T18:04:05.123Z", &period), 1764353045123);
    EXPECT_EQ(period, 1);
    EXPECT_EQ(parseIsoTimeMs("2025-11-28T18:04:05", &period), 1764353045000);
    EXPECT_EQ(period, 1000);
    EXPECT_EQ(parseIsoTimeMs("2025-11-28 18:04", &period), 1764353040000);
    EXPECT_EQ(period, 60'000);
    EXPECT_EQ(parseIsoTimeMs("2025-11-28", &period), 1764288000000);
    EXPECT_EQ(period, 86'400'000);
    EXPECT_EQ(parseIsoTimeMs(isoTimeMs(1764353045123)), 1764353045123) << "reads what isoTimeMs writes";
}

TEST(IsoTime, RefusesWhatIsNotAUtcTime) {
    for (const char* bad : {"", "2025-02-30", "2025-13-01", "2025-11-28T24:00", "2025-11-28T18:04:05+02:00",
                            "2025-1-2", "+025-11-28", "2025-11-28T18:04:05.12Z", "2025-11-28Tx", "2025-11-28ZZ",
                            " 2025-11-28", "2025-11-28T18: 4"})
        EXPECT_FALSE(parseIsoTimeMs(bad)) << bad;
}

TEST(DlqRecordText, NamesTheFieldsAUserLooksFor) {
    DlqRecord r;
    r.format = DlqFormat::AckLab;
    r.originalTopic = "orders";
    r.originalPartition = 2;
    r.originalOffset = 41;
    r.errorName = "TOPIC_AUTHORIZATION_FAILED";
    r.errorClass = "permanent";
    r.errorCode = 29;
    r.attempts = 2;
    r.failedAtMs = 1764353045123;
    r.value = std::string(5000, 'x');
    const std::string t = dlqRecordText(r);
    EXPECT_NE(t.find("original        orders[2]@41"), std::string::npos) << t;
    EXPECT_NE(t.find("error           TOPIC_AUTHORIZATION_FAILED (permanent, code 29)"), std::string::npos) << t;
    EXPECT_NE(t.find("attempts        2"), std::string::npos) << t;
    EXPECT_NE(t.find("failed at       2025-11-28T18:04:05.123Z"), std::string::npos) << t;
    EXPECT_NE(t.find("value (utf8, 5000 bytes, cut: --full shows all)"), std::string::npos) << t;
    DlqRecordTextOptions o;
    o.full = true;
    EXPECT_EQ(dlqRecordText(r, o).find("cut:"), std::string::npos);
    EXPECT_EQ(dlqOriginalText(DlqRecord{}), "?");
}
