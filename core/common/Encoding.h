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
int64_t nowEpochMs();

}  // namespace acklab
