#pragma once
// Durations as users write them: "1.5s", "800ms", "2m", "250us", or a bare number of seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acklab {

// Milliseconds, or nullopt when the text is not a non-negative duration.
std::optional<int64_t> parseDurationMs(std::string_view text);
// "1.5s", "800ms", "2m30s"-free simple form for reports.
std::string formatDurationMs(int64_t ms);
// For a person following a run or a monitor: "4.2 s" under 10 s, "42 s" under 2 min, "3 min 5 s" under 2 h,
// "2 h 5 min" beyond; "?" for a negative or non-finite value (an ETA not known yet).
std::string readableDuration(double seconds);

}  // namespace acklab
