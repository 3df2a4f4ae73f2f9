#pragma once
// Which DLQ records to show or redrive: substring text (key, value, error), error name, original topic and a
// time range on the record's failure time. An empty field matches everything.
#include "dlq/DlqRecord.h"

#include <cstdint>
#include <optional>
#include <string>

namespace acklab {

struct DlqFilter {
    std::string text;           // case-insensitive substring of key, value, error name/message, exception class
    std::string errorName;      // exact, case-insensitive; librdkafka aliases accepted (UNKNOWN_TOPIC_OR_PART)
    std::string originalTopic;  // exact
    std::optional<int64_t> sinceMs;  // inclusive, epoch ms
    std::optional<int64_t> untilMs;  // inclusive

    bool empty() const;
    bool matches(const DlqRecord& r) const;

    // "2026-11-28T18:04:05Z", "...05.123Z", "2026-11-28T18:04" , "2026-11-28" (UTC) or epoch milliseconds.
    // endOfPeriod: a date-only or minute-only time means the end of that day/minute (for --until).
    static std::optional<int64_t> parseTime(const std::string& text, bool endOfPeriod = false);
    static bool sameErrorName(const std::string& a, const std::string& b);
};

}  // namespace acklab
