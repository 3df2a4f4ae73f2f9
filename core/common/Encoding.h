#pragma once
// Bytes that may not be text: UTF-8 validation, base64 and hex, for DLQ envelopes and the inspector.
#include <optional>
#include <string>
#include <string_view>

namespace acklab {

bool isValidUtf8(std::string_view bytes);
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);  // nullopt on malformed input
std::string hexDump(std::string_view bytes, size_t maxBytes = 4096);  // "00000000  de ad ...  |..|" lines
// ISO-8601 UTC with milliseconds ("2026-11-28T18:04:05.123Z") from milliseconds since the epoch.
std::string isoTimeMs(int64_t epochMs);
// The one ISO-8601 reader: "2026-11-28", "2026-11-28T18:04", "...T18:04:05", "...T18:04:05.123", each with an
// optional "Z" (a space may stand for the T). UTC only: other offsets are refused, as are impossible dates
// (2026-02-30). Milliseconds since the epoch of the start of what the text names; `periodMs` (when given) gets
// the length of that period (a day, a minute, a second, a millisecond), for "until" bounds.
std::optional<int64_t> parseIsoTimeMs(std::string_view text, int64_t* periodMs = nullptr);
int64_t nowEpochMs();

}  // namespace acklab
